package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * NCI, neural-collapse inspired: how well the centred feature points along the predicted class's
 * weight vector, plus a small L1-norm term. Liu and Qin, "Detecting Out-of-Distribution Through the
 * Lens of Neural Collapse", CVPR 2025. As OpenOOD v1.5: confidence {@code w_p . (h - mu) / ||h - mu||
 * + alpha ||h||_1}, p the predicted class, mu the mean ID training feature ({@code w_p} is not
 * normalised, as there); default {@code alpha = 1e-4} (OpenOOD's). The score is the negated confidence.
 */
public final class Nci extends FeatureDetector {
    public static final double DEFAULT_ALPHA = 1e-4;

    private final double alpha;
    private double[] centre;
    private double[][] classWeights; // [classes][dim]

    public Nci() {
        this(DEFAULT_ALPHA);
    }

    public Nci(double alpha) {
        if (!(alpha >= 0)) throw new IllegalArgumentException("nci: alpha must be >= 0, got " + alpha);
        this.alpha = alpha;
    }

    @Override public String name() { return "nci"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("alpha", alpha);
        return p;
    }

    @Override
    void doFit(FitData data) {
        centre = ClassStatistics.globalMean(data);
        classWeights = new double[data.classes()][];
        for (int c = 0; c < classWeights.length; c++) classWeights[c] = data.classWeight(c);
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        Operand<TFloat32> x = tf.math.sub(g.features(), GraphOps.constant(tf, centre, g.dim()));
        Operand<TFloat32> w = GraphOps.rowOfTopClass(tf, g.logits(), classWeights);
        Operand<TFloat32> cos = tf.math.div(GraphOps.rowSum(tf, tf.math.mul(w, x)), GraphOps.rowNorm(tf, x));
        Operand<TFloat32> l1 = GraphOps.rowSum(tf, tf.math.abs(g.features()));
        return tf.math.neg(tf.math.add(cos, tf.math.mul(GraphOps.scalar(tf, alpha), l1)));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        return referenceRows(o, n -> {
            double[] h = o.featureRow(n);
            double[] w = classWeights[RefMath.argMax(o.logitRow(n))];
            double[] x = new double[h.length];
            double l1 = 0;
            for (int d = 0; d < h.length; d++) {
                x[d] = h[d] - centre[d];
                l1 += Math.abs(h[d]);
            }
            return -(RefMath.dot(w, x) / RefMath.norm(x) + alpha * l1);
        });
    }
}
