package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Base of the detectors that reshape the penultimate features (ReAct, ASH, SCALE) and then score
 * the logits recomputed through the final layer, {@code h' W + b}, with energy or MLS. The final
 * layer comes from the fit data.
 */
abstract class FeatureShaping extends FeatureDetector {
    final LogitHead head;
    float[] weight;
    float[] bias;

    FeatureShaping(LogitHead head) {
        this.head = head;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("score", head.id());
        return p;
    }

    @Override
    void doFit(FitData data) {
        weight = data.weight();
        bias = data.bias();
        fitShaping(data);
    }

    /** Fits what the shaping needs beyond the final layer (nothing by default). */
    void fitShaping(FitData data) {
    }

    abstract Operand<TFloat32> shape(Ops tf, Operand<TFloat32> features, int dim);

    abstract double[] shape(double[] h);

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        return head.score(tf, GraphOps.linear(tf, shape(tf, g.features(), g.dim()), weight, bias, g.dim(), g.classes()));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        requireFitted(o.dim(), o.classes());
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) s[n] = head.score(RefMath.linear(shape(o.featureRow(n)), weight, bias, o.classes()));
        return s;
    }

    /** The k-th largest value of each row, [N, 1] (top-k keeps ties at the threshold). */
    static Operand<TFloat32> kthLargest(Ops tf, Operand<TFloat32> x, int k) {
        Operand<TFloat32> top = tf.nn.topK(x, tf.constant(k), new org.tensorflow.op.nn.TopK.Options[0]).values();
        return tf.stridedSlice(top, tf.constant(new int[] {0, k - 1}), tf.constant(new int[] {0, k}),
                tf.constant(new int[] {1, 1}), org.tensorflow.op.core.StridedSlice.beginMask(1L),
                org.tensorflow.op.core.StridedSlice.endMask(1L));
    }

    static double kthLargest(double[] h, int k) {
        double[] s = h.clone();
        java.util.Arrays.sort(s);
        return s[s.length - k];
    }

    /** {s1, s2, threshold}: the sum of all activations, the sum of those at or above the k-th largest, that value. */
    static double[] sums(double[] h, int k) {
        double thr = kthLargest(h, k);
        double s1 = 0;
        double s2 = 0;
        for (double v : h) {
            s1 += v;
            if (v >= thr) s2 += v;
        }
        return new double[] {s1, s2, thr};
    }

    /** The in-graph counterpart of {@link #sums}: {mask of kept activations, s1, s2}, each [N, *]. */
    @SuppressWarnings("unchecked")
    static Operand<TFloat32>[] sums(Ops tf, Operand<TFloat32> h, int k) {
        Operand<TFloat32> mask = tf.dtypes.cast(tf.math.greaterEqual(h, kthLargest(tf, h, k)), TFloat32.class);
        Operand<TFloat32> s1 = tf.sum(h, tf.constant(1), org.tensorflow.op.core.Sum.keepDims(true));
        Operand<TFloat32> s2 = tf.sum(tf.math.mul(h, mask), tf.constant(1), org.tensorflow.op.core.Sum.keepDims(true));
        return new Operand[] {mask, s1, s2};
    }

    /** Number of activations kept when pruning {@code percentile}% of {@code dim}: at least one. */
    static int kept(int dim, double percentile) {
        return Math.max(1, (int) Math.round(dim * (1 - percentile / 100.0)));
    }
}
