package dev.oodbench.detect;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ReAct: rectify the penultimate activations at the {@code percentile}-th percentile of all ID
 * training activations, {@code h' = min(h, c)}, then score the recomputed logits (energy by
 * default). Sun et al., "ReAct: Out-of-distribution Detection With Rectified Activations", NeurIPS 2021.
 */
public final class React extends FeatureShaping {
    private final double percentile;
    private double clip;

    public static final double DEFAULT_PERCENTILE = 90;

    public React() {
        this(DEFAULT_PERCENTILE, LogitHead.DEFAULT.id());
    }

    public React(double percentile, String score) {
        super(LogitHead.parse("react", score));
        if (!(percentile > 0 && percentile < 100)) throw new IllegalArgumentException("react: percentile must be in (0,100), got " + percentile);
        this.percentile = percentile;
    }

    @Override public String name() { return "react"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = super.params();
        p.put("percentile", percentile);
        return p;
    }

    @Override
    public Map<String, Object> fitted() {
        return Map.of("clip", clip);
    }

    /** The fitted clipping threshold. */
    public double clip() {
        return clip;
    }

    @Override
    void fitShaping(FitData data) {
        clip = RefMath.percentile(sortedActivations(data), percentile);
    }

    @Override
    Operand<TFloat32> shape(Ops tf, Operand<TFloat32> features, int dim) {
        return tf.math.minimum(features, GraphOps.scalar(tf, clip));
    }

    @Override
    double[] shape(double[] h) {
        double c = (float) clip; // the graph compares against the float32 constant
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) out[i] = Math.min(h[i], c);
        return out;
    }
}
