package dev.oodbench.detect;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * SCALE: scale every activation by {@code exp(s1 / s2)}, s1 the sum of all activations and s2 the
 * sum of those at or above the k-th largest (k = the top (100 - percentile)%), without pruning; then
 * score the recomputed logits (energy by default). Xu et al., "Scaling for Training Time and Post-hoc
 * Out-of-distribution Detection Enhancement", ICLR 2024. By default ({@code on=map}) on the last
 * stage map before pooling, as the paper (percentile over all H*W*C activations of an image, then
 * the rest of the network, {@link MapNetwork}); {@code on=features} on the pooled penultimate
 * features, where OpenOOD v1.5's ScaleNet applies it. Default percentile 90 (OpenOOD's config: 85).
 */
public final class Scale extends FeatureShaping {
    private final double percentile;

    public static final double DEFAULT_PERCENTILE = 90;
    /** Scale from the last stage map, as the paper (not the pooled features, as OpenOOD v1.5). */
    public static final String DEFAULT_ON = "map";

    public Scale() {
        this(DEFAULT_PERCENTILE, LogitHead.DEFAULT.id(), DEFAULT_ON);
    }

    public Scale(double percentile, String score, String on) {
        super(LogitHead.parse("scale", score), Placement.parse("scale", on));
        if (!(percentile > 0 && percentile < 100)) throw new IllegalArgumentException("scale: percentile must be in (0,100), got " + percentile);
        this.percentile = percentile;
    }

    @Override public String name() { return "scale"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = super.params();
        p.put("percentile", percentile);
        p.put("on", on.id());
        return p;
    }

    @Override
    Operand<TFloat32> shape(Ops tf, Operand<TFloat32> h, int dim) {
        Operand<TFloat32>[] m = sums(tf, h, kept(dim, percentile), dim);
        return tf.math.mul(h, tf.math.exp(ratio(tf, m[1], m[2])));
    }

    @Override
    double[] shape(double[] h) {
        double[] s = sums(h, topK(h, kept(h.length, percentile)));
        double f = Math.exp(ratio(s[0], s[1]));
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) out[i] = h[i] * f;
        return out;
    }
}
