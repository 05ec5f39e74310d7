package dev.oodbench.detect;

import dev.oodbench.model.MapHead;
import dev.oodbench.model.Outputs;
import dev.oodbench.model.StageMaps;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Base of the detectors that reshape the penultimate features (ReAct, ASH, SCALE) and then score
 * the logits recomputed through the final layer, {@code h' W + b}, with energy or MLS. The final
 * layer comes from the fit data. ASH and SCALE can instead reshape the last stage map (flattened
 * per image, [H*W*C] in NHWC order) and run the rest of the network on it ({@link MapNetwork}).
 */
abstract class FeatureShaping extends FeatureDetector {
    /** Where the shaping applies: the last stage map (as the ASH and SCALE papers) or the penultimate features. */
    enum Placement {
        MAP, FEATURES;

        static Placement parse(String detector, String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "map" -> MAP;
                case "features" -> FEATURES;
                default -> throw new IllegalArgumentException("detector " + detector + ": on must be map or features, got '" + s + "'");
            };
        }

        String id() { return name().toLowerCase(Locale.ROOT); }
    }

    final LogitHead head;
    final Placement on;
    float[] weight;
    float[] bias;
    private MapHead mapHead;

    FeatureShaping(LogitHead head) {
        this(head, Placement.FEATURES);
    }

    FeatureShaping(LogitHead head, Placement on) {
        this.head = head;
        this.on = on;
    }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("score", head.id());
        return p;
    }

    @Override
    public boolean needsMaps() {
        return on == Placement.MAP;
    }

    @Override
    void doFit(FitData data) {
        weight = data.weight();
        bias = data.bias();
        if (on == Placement.MAP) mapHead = data.requireMapHead(name());
        fitShaping(data);
    }

    private MapNetwork network(int[] lastShape) {
        return new MapNetwork(mapHead, lastShape, weight, bias, weight.length / bias.length);
    }

    /** Fits what the shaping needs beyond the final layer (nothing by default). */
    void fitShaping(FitData data) {
    }

    /** Rows wider than this build their top-k mask by scattering, not as one-hots (same mask). */
    static final int WIDE_ROWS = 1024;

    abstract Operand<TFloat32> shape(Ops tf, Operand<TFloat32> features, int dim);

    abstract double[] shape(double[] h);

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        if (on == Placement.MAP) {
            List<Operand<TFloat32>> maps = g.requireMaps(name());
            MapNetwork net = network(g.mapShapes().get(maps.size() - 1));
            Operand<TFloat32> flat = tf.reshape(maps.get(maps.size() - 1), tf.constant(new int[] {-1, net.size()}));
            return head.score(tf, net.logits(tf, shape(tf, flat, net.size())));
        }
        return head.score(tf, GraphOps.linear(tf, shape(tf, g.features(), g.dim()), weight, bias, g.dim(), g.classes()));
    }

    @Override
    public double[] referenceScores(Outputs o, StageMaps maps) {
        if (on == Placement.FEATURES) return referenceScores(o);
        requireFitted(o.dim(), o.classes());
        MapNetwork net = network(maps.shapes().get(maps.last()));
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) s[n] = head.score(net.logits(shape(maps.map(maps.last(), n))));
        return s;
    }

    @Override
    public double[] referenceScores(Outputs o) {
        if (on == Placement.MAP) {
            throw new UnsupportedOperationException("detector " + name() + " shapes the last stage map; its reference "
                    + "needs the maps: referenceScores(outputs, maps)");
        }
        requireFitted(o.dim(), o.classes());
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) s[n] = head.score(RefMath.linear(shape(o.featureRow(n)), weight, bias, o.classes()));
        return s;
    }

    /**
     * The reference for the in-graph top-k: which {@code k} entries of {@code h} are kept, exactly
     * {@code k} of them (ties broken towards the lower index, as TensorFlow's TopK does), so a row
     * of post-ReLU features with fewer than {@code k} positive values does not keep every zero.
     */
    static boolean[] topK(double[] h, int k) {
        Integer[] order = new Integer[h.length];
        for (int i = 0; i < h.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(h[b], h[a])); // stable: lower index first on ties
        boolean[] keep = new boolean[h.length];
        for (int i = 0; i < k; i++) keep[order[i]] = true;
        return keep;
    }

    /** {s1, s2}: the sum of all activations and the sum of the {@code k} kept by {@link #topK}. */
    static double[] sums(double[] h, boolean[] keep) {
        double s1 = 0;
        double s2 = 0;
        for (int i = 0; i < h.length; i++) {
            s1 += h[i];
            if (keep[i]) s2 += h[i];
        }
        return new double[] {s1, s2};
    }

    /** s1 / s2 of ASH-S and SCALE, 0 when nothing was kept (an all-zero row), so the factor exp(0) = 1. */
    static double ratio(double s1, double s2) {
        return s2 > 0 ? s1 / s2 : 0;
    }

    /**
     * The in-graph counterpart of {@link #topK} and {@link #sums}: {k-hot mask [N, dim], s1 [N, 1],
     * s2 [N, 1]}.
     */
    @SuppressWarnings("unchecked")
    static Operand<TFloat32>[] sums(Ops tf, Operand<TFloat32> h, int k, int dim) {
        // wide rows (flattened stage maps) scatter the mask: the one-hot form needs [N, k, dim] memory
        Operand<TFloat32> mask = dim > WIDE_ROWS ? GraphOps.topKMaskScattered(tf, h, k) : GraphOps.topKMask(tf, h, k, dim);
        Operand<TFloat32> s1 = tf.sum(h, tf.constant(1), Sum.keepDims(true));
        Operand<TFloat32> s2 = tf.sum(tf.math.mul(h, mask), tf.constant(1), Sum.keepDims(true));
        return new Operand[] {mask, s1, s2};
    }

    /** The in-graph {@link #ratio}: s1 / s2 where s2 > 0, else 0. */
    static Operand<TFloat32> ratio(Ops tf, Operand<TFloat32> s1, Operand<TFloat32> s2) {
        return tf.select(tf.math.greater(s2, tf.constant(0f)), tf.math.divNoNan(s1, s2), tf.zerosLike(s1));
    }

    /** Every ID training activation (all features of all samples), sorted ascending: for percentiles. */
    static double[] sortedActivations(FitData data) {
        float[] f = data.train().features();
        double[] all = new double[f.length];
        for (int i = 0; i < all.length; i++) all[i] = f[i];
        Arrays.sort(all);
        return all;
    }

    /** Number of activations kept when pruning {@code percentile}% of {@code dim}: at least one. */
    static int kept(int dim, double percentile) {
        return Math.max(1, (int) Math.round(dim * (1 - percentile / 100.0)));
    }
}
