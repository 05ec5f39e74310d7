package dev.oodbench.detect;

import java.util.Locale;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ASH, activation shaping: per sample, keep the activations at or above the k-th largest (k = the
 * top (100 - percentile)% of the feature width) and zero the rest (ASH-P), additionally set the kept
 * ones to {@code s1 / k} (ASH-B, s1 = the sum before pruning), or scale them by {@code exp(s1 / s2)}
 * (ASH-S, s2 = the sum after pruning); then score the recomputed logits (energy by default).
 * Djurisic et al., "Extremely Simple Activation Shaping for Out-of-Distribution Detection", ICLR 2023.
 * By default ({@code on=map}) it shapes the last stage map before pooling, as the paper does: per
 * image, the top k of all H*W*C activations (flattened in NHWC order), then the rest of the network
 * ({@link MapNetwork}: global average pool, or flatten and dense + ReLU) and the final layer.
 * {@code on=features} shapes the pooled penultimate features instead, which is where OpenOOD v1.5's
 * ASHNet applies it (it views the [N, D] features as [N, D, 1, 1]; it also runs only ASH-B there).
 * Exactly k activations are kept: ties at the threshold are broken towards the lower index (as
 * TensorFlow's TopK), in the graph and in the reference alike.
 */
public final class Ash extends FeatureShaping {
    /** The three variants. */
    public enum Variant { P, B, S }

    private final Variant variant;
    private final double percentile;

    public static final double DEFAULT_PERCENTILE = 90;
    /** Shape the last stage map, as the paper (not the pooled features, as OpenOOD v1.5). */
    public static final String DEFAULT_ON = "map";

    public Ash(Variant variant) {
        this(variant, DEFAULT_PERCENTILE, LogitHead.DEFAULT.id(), DEFAULT_ON);
    }

    public Ash(Variant variant, double percentile, String score, String on) {
        super(LogitHead.parse("ash-" + variant.name().toLowerCase(Locale.ROOT), score),
                Placement.parse("ash-" + variant.name().toLowerCase(Locale.ROOT), on));
        if (!(percentile > 0 && percentile < 100)) throw new IllegalArgumentException("ash: percentile must be in (0,100), got " + percentile);
        this.variant = variant;
        this.percentile = percentile;
    }

    @Override public String name() { return "ash-" + variant.name().toLowerCase(Locale.ROOT); }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = super.params();
        p.put("percentile", percentile);
        p.put("on", on.id());
        return p;
    }

    @Override
    Operand<TFloat32> shape(Ops tf, Operand<TFloat32> h, int dim) {
        int k = kept(dim, percentile);
        Operand<TFloat32>[] m = sums(tf, h, k, dim);
        Operand<TFloat32> pruned = tf.math.mul(h, m[0]);
        return switch (variant) {
            case P -> pruned;
            case B -> tf.math.mul(m[0], tf.math.div(m[1], GraphOps.scalar(tf, k)));
            case S -> tf.math.mul(pruned, tf.math.exp(ratio(tf, m[1], m[2])));
        };
    }

    @Override
    double[] shape(double[] h) {
        int k = kept(h.length, percentile);
        boolean[] keep = topK(h, k);
        double[] s = sums(h, keep);
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            out[i] = !keep[i] ? 0 : switch (variant) {
                case P -> h[i];
                case B -> s[0] / k;
                case S -> h[i] * Math.exp(ratio(s[0], s[1]));
            };
        }
        return out;
    }
}
