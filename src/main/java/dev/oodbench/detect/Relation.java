package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * Relation: the summed edge weights of the sample in a relation graph over the ID training set.
 * Kim et al., "Neural Relation Graph: A Unified Framework for Identifying Label Noise and Outlier
 * Data", NeurIPS 2023. The edge to training sample j is {@code r_j = max(u . u_j, 0) (p . p_j)}, u the
 * L2-normalised features, p the softmax; edges with {@code r_j <= 0.03} are cut; the confidence is
 * {@code sum_j r_j^pow}. Defaults as OpenOOD v1.5: pow = 1, threshold 0.03, the whole training set as
 * the graph (one [N, bank] product per batch, so the cost grows with the training set as KNN's does).
 * The score is the negated confidence.
 */
public final class Relation extends FeatureDetector {
    public static final double DEFAULT_POW = 1;
    /** OpenOOD's (and the paper code's) cut-off for small edges. */
    public static final double DEFAULT_THRESHOLD = 0.03;

    private final double pow;
    private final double threshold;
    private float[] feats; // [m][dim], unit rows
    private float[] probs; // [m][classes]
    private int bankSize;

    public Relation() {
        this(DEFAULT_POW, DEFAULT_THRESHOLD);
    }

    public Relation(double pow, double threshold) {
        if (!(pow > 0)) throw new IllegalArgumentException("relation: pow must be > 0, got " + pow);
        if (!(threshold >= 0)) throw new IllegalArgumentException("relation: threshold must be >= 0, got " + threshold);
        this.pow = pow;
        this.threshold = threshold;
    }

    @Override public String name() { return "relation"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("pow", pow);
        p.put("threshold", threshold);
        return p;
    }

    @Override
    void doFit(FitData data) {
        Outputs t = data.train();
        bankSize = t.n();
        int d = t.dim();
        int c = t.classes();
        feats = new float[bankSize * d];
        probs = new float[bankSize * c];
        for (int r = 0; r < bankSize; r++) {
            double[] u = RefMath.unit(t.featureRow(r));
            double[] p = RefMath.softmax(t.logitRow(r), 1.0);
            for (int j = 0; j < d; j++) feats[r * d + j] = (float) u[j];
            for (int j = 0; j < c; j++) probs[r * c + j] = (float) p[j];
        }
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        var transposeB = MatMul.transposeB(true);
        Operand<TFloat32> dot = tf.math.maximum(tf.linalg.matMul(GraphOps.l2Normalise(tf, g.features()),
                GraphOps.constant(tf, feats, bankSize, g.dim()), transposeB), GraphOps.scalar(tf, 0));
        Operand<TFloat32> sim = tf.linalg.matMul(tf.nn.softmax(g.logits()),
                GraphOps.constant(tf, probs, bankSize, g.classes()), transposeB);
        Operand<TFloat32> rel = tf.math.mul(dot, sim);
        Operand<TFloat32> kept = tf.dtypes.cast(tf.math.greater(rel, GraphOps.scalar(tf, threshold)), TFloat32.class);
        Operand<TFloat32> edges = pow == 1 ? rel : tf.math.pow(rel, GraphOps.scalar(tf, pow));
        return tf.math.neg(GraphOps.rowSum(tf, tf.math.mul(kept, edges)));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        requireFitted(o.dim(), o.classes());
        int d = o.dim();
        int c = o.classes();
        double cut = (float) threshold; // the graph compares against the float32 constant
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) {
            double[] u = RefMath.unit(o.featureRow(n));
            double[] p = RefMath.softmax(o.logitRow(n), 1.0);
            double sum = 0;
            for (int r = 0; r < bankSize; r++) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += u[j] * feats[r * d + j];
                double sim = 0;
                for (int j = 0; j < c; j++) sim += p[j] * probs[r * c + j];
                double rel = Math.max(dot, 0) * sim;
                if (rel > cut) sum += Math.pow(rel, pow);
            }
            s[n] = -sum;
        }
        return s;
    }
}
