package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * NNGuide: the energy confidence guided by the nearest neighbours in a bank of ID training
 * features. Park, Jung and Teoh, "Nearest Neighbor Guidance for Out-of-Distribution Detection",
 * ICCV 2023. Bank: a fraction {@code alpha} of the training set (default 0.01, at least {@code k}
 * samples), each row the L2-normalised feature scaled by its own {@code logsumexp} of logits.
 * Confidence: the mean of the {@code k} largest inner products of the normalised query feature with
 * the bank rows (default k = 100), times the query's {@code logsumexp} of logits. Defaults as OpenOOD
 * v1.5; the subset is seeded-random here (OpenOOD takes the first batches of its shuffled loader).
 * The score is the negated confidence.
 */
public final class NnGuide extends FeatureDetector {
    public static final int DEFAULT_K = 100;
    public static final double DEFAULT_ALPHA = 0.01;

    private final int k;
    private final double alpha;
    private float[] bank; // [m][dim]
    private int bankSize;
    private final long seed;

    public NnGuide() {
        this(DEFAULT_K, DEFAULT_ALPHA);
    }

    public NnGuide(int k, double alpha) {
        this(k, alpha, Bank.SEED);
    }

    /** {@code seed} draws the bank when {@code alpha < 1} ({@link Bank#indices}); it is then one of the row's parameters. */
    public NnGuide(int k, double alpha, long seed) {
        if (k < 1) throw new IllegalArgumentException("nnguide: k must be >= 1, got " + k);
        this.k = k;
        this.alpha = Bank.checkFraction("nnguide", alpha);
        this.seed = seed;
    }

    @Override public String name() { return "nnguide"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("k", k);
        p.put("alpha", alpha);
        return Bank.withSeed(p, alpha, seed);
    }

    @Override
    public Map<String, Object> fitted() {
        return Map.of("bank_size", bankSize);
    }

    @Override
    void doFit(FitData data) {
        Outputs t = data.train();
        int[] idx = Bank.indices(t, alpha, k, seed, "nnguide");
        int d = t.dim();
        bankSize = idx.length;
        bank = new float[bankSize * d];
        for (int r = 0; r < bankSize; r++) {
            double[] u = RefMath.unit(t.featureRow(idx[r]));
            double conf = RefMath.logSumExp(t.logitRow(idx[r]), 1.0);
            for (int j = 0; j < d; j++) bank[r * d + j] = (float) (u[j] * conf);
        }
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        Operand<TFloat32> sim = tf.linalg.matMul(GraphOps.l2Normalise(tf, g.features()),
                GraphOps.constant(tf, bank, bankSize, g.dim()), MatMul.transposeB(true));
        return tf.math.neg(tf.math.mul(GraphOps.topKMean(tf, sim, k), GraphOps.logSumExp(tf, g.logits(), 1.0)));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        requireFitted(o.dim(), o.classes());
        int d = o.dim();
        double[] s = new double[o.n()];
        double[] sim = new double[bankSize];
        for (int n = 0; n < o.n(); n++) {
            double[] u = RefMath.unit(o.featureRow(n));
            for (int r = 0; r < bankSize; r++) {
                double v = 0;
                for (int j = 0; j < d; j++) v += u[j] * bank[r * d + j];
                sim[r] = v;
            }
            s[n] = -RefMath.topKMean(sim, k) * RefMath.logSumExp(o.logitRow(n), 1.0);
        }
        return s;
    }
}
