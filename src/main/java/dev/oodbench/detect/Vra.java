package dev.oodbench.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * VRA: rectify the penultimate activations from both sides, {@code h' = clip(h, lo, hi)} with lo and
 * hi the {@code low}-th and {@code high}-th percentiles of all ID activations, then score the
 * recomputed logits (energy by default). Xu, Lian and Wang, "VRA: Variational Rectified Activation
 * for Out-of-distribution Detection", NeurIPS 2023. This is OpenOOD v1.5's form (a two-sided clip;
 * the paper's VRA-P also adds a constant to the kept band), with its defaults low = 10, high = 90;
 * the percentiles come from the ID training outputs (OpenOOD uses its ID validation split).
 */
public final class Vra extends FeatureShaping {
    public static final double DEFAULT_LOW = 10;
    public static final double DEFAULT_HIGH = 90;

    private final double low;
    private final double high;
    private double lo;
    private double hi;

    public Vra() {
        this(DEFAULT_LOW, DEFAULT_HIGH, LogitHead.ENERGY.id());
    }

    public Vra(double low, double high, String score) {
        super(LogitHead.parse("vra", score));
        if (!(low >= 0 && low < high && high <= 100)) {
            throw new IllegalArgumentException("vra: need 0 <= low < high <= 100, got low " + low + ", high " + high);
        }
        this.low = low;
        this.high = high;
    }

    @Override public String name() { return "vra"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = super.params();
        p.put("low", low);
        p.put("high", high);
        return p;
    }

    @Override
    public Map<String, Object> fitted() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("low_clip", lo);
        f.put("high_clip", hi);
        return f;
    }

    @Override
    void fitShaping(FitData data) {
        double[] all = sortedActivations(data);
        lo = RefMath.percentile(all, low);
        hi = RefMath.percentile(all, high);
    }

    @Override
    Operand<TFloat32> shape(Ops tf, Operand<TFloat32> features, int dim) {
        return tf.math.minimum(tf.math.maximum(features, GraphOps.scalar(tf, lo)), GraphOps.scalar(tf, hi));
    }

    @Override
    double[] shape(double[] h) {
        double a = (float) lo; // the graph compares against float32 constants
        double b = (float) hi;
        double[] out = new double[h.length];
        for (int i = 0; i < h.length; i++) out[i] = Math.min(Math.max(h[i], a), b);
        return out;
    }
}
