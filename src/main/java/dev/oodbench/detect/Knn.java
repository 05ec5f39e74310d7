package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;

/**
 * Deep nearest neighbours: the distance from the L2-normalised feature to its k-th nearest
 * neighbour in the bank of normalised ID training features. Sun et al., "Out-of-Distribution
 * Detection with Deep Nearest Neighbors", ICML 2022. In the graph the distance comes from the
 * k-th largest cosine similarity ({@code sqrt(2 - 2 cos)}), one [N, bank] matmul plus top-k, so the
 * cost grows linearly with the bank size. {@code bankFraction < 1} keeps a seeded random subset.
 */
public final class Knn extends FeatureDetector {
    private final int k;
    private final double bankFraction;
    private float[] bank; // [m][dim], unit rows
    private int bankSize;
    private final long seed;

    /** k = 50 and the whole training set, as OpenOOD v1.5's CIFAR setting. */
    public static final int DEFAULT_K = 50;
    public static final double DEFAULT_BANK_FRACTION = 1.0;

    public Knn() {
        this(DEFAULT_K, DEFAULT_BANK_FRACTION);
    }

    public Knn(int k, double bankFraction) {
        this(k, bankFraction, Bank.SEED);
    }

    /** {@code seed} draws the bank when {@code bankFraction < 1} ({@link Bank#indices}); it is then one of the row's parameters. */
    public Knn(int k, double bankFraction, long seed) {
        if (k < 1) throw new IllegalArgumentException("knn: k must be >= 1, got " + k);
        this.k = k;
        this.bankFraction = Bank.checkFraction("knn", bankFraction);
        this.seed = seed;
    }

    @Override public String name() { return "knn"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("k", k);
        p.put("bank_fraction", bankFraction);
        return Bank.withSeed(p, bankFraction, seed);
    }

    @Override
    public Map<String, Object> fitted() {
        return Map.of("bank_size", bankSize);
    }

    public int bankSize() {
        return bankSize;
    }

    @Override
    void doFit(FitData data) {
        Outputs t = data.train();
        int d = t.dim();
        int[] idx = Bank.indices(t, bankFraction, k, seed, "knn");
        int m = idx.length;
        bank = new float[m * d];
        for (int r = 0; r < m; r++) {
            double[] h = t.featureRow(idx[r]);
            double norm = Math.max(RefMath.norm(h), 1e-12);
            for (int j = 0; j < d; j++) bank[r * d + j] = (float) (h[j] / norm);
        }
        bankSize = m;
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        Operand<TFloat32> q = GraphOps.l2Normalise(tf, g.features());
        Operand<TFloat32> b = GraphOps.constant(tf, bank, bankSize, g.dim());
        Operand<TFloat32> sim = tf.linalg.matMul(q, b, MatMul.transposeB(true));
        Operand<TFloat32> top = tf.nn.topK(sim, tf.constant(k), new TopK.Options[0]).values();
        Operand<TFloat32> kth = tf.reshape(tf.stridedSlice(top, tf.constant(new int[] {0, k - 1}),
                tf.constant(new int[] {0, k}), tf.constant(new int[] {1, 1}),
                StridedSlice.beginMask(1L), StridedSlice.endMask(1L)),
                tf.constant(new int[] {-1}));
        // |q - b|^2 = |q|^2 + 1 - 2 q.b with unit bank rows; |q|^2 is 1, or 0 for an all-zero feature row
        // (distance 1 to every bank row, as in the reference); rounding can dip below 0 for a bank member
        Operand<TFloat32> sq = tf.math.maximum(tf.math.sub(tf.math.add(GraphOps.rowSquaredNorm(tf, q),
                GraphOps.scalar(tf, 1)), tf.math.mul(GraphOps.scalar(tf, 2), kth)), GraphOps.scalar(tf, 0));
        return tf.math.sqrt(sq);
    }

    @Override
    public double[] referenceScores(Outputs o) {
        requireFitted(o.dim(), o.classes());
        int d = o.dim();
        double[] s = new double[o.n()];
        double[] dist = new double[bankSize];
        for (int n = 0; n < o.n(); n++) {
            double[] h = o.featureRow(n);
            double norm = Math.max(RefMath.norm(h), 1e-12);
            for (int r = 0; r < bankSize; r++) {
                double sq = 0;
                for (int j = 0; j < d; j++) {
                    double diff = h[j] / norm - bank[r * d + j];
                    sq += diff * diff;
                }
                dist[r] = sq;
            }
            Arrays.sort(dist);
            s[n] = Math.sqrt(dist[k - 1]);
        }
        return s;
    }
}
