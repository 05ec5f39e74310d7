package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;

/**
 * fDBD, the feature's distance to the decision boundaries. Liu and Qin, "Fast Decision Boundary
 * based Out-of-Distribution Detector", ICML 2024. With the predicted class p, the distance to the
 * boundary with class c is {@code (f_p - f_c) / ||w_p - w_c||}; the confidence is their sum over c
 * divided by {@code ||h - mu||} (mu the mean ID training feature; {@code ||h||} when {@code
 * distanceAsNormaliser} is false). Defaults as OpenOOD v1.5 ({@code distance_as_normalizer: True}).
 * The score is the negated confidence (higher = more OOD).
 */
public final class Fdbd extends FeatureDetector {
    /** Normalise by the distance to the mean training feature (OpenOOD's default), else by the feature norm. */
    public static final boolean DEFAULT_DISTANCE_AS_NORMALISER = true;

    private final boolean distanceAsNormaliser;
    private double[] centre;
    private double[][] inverseGap; // [pred][c] = 1 / ||w_pred - w_c||, 0 on the diagonal

    public Fdbd() {
        this(DEFAULT_DISTANCE_AS_NORMALISER);
    }

    public Fdbd(boolean distanceAsNormaliser) {
        this.distanceAsNormaliser = distanceAsNormaliser;
    }

    @Override public String name() { return "fdbd"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("distance_as_normalizer", distanceAsNormaliser);
        return p;
    }

    @Override
    void doFit(FitData data) {
        centre = distanceAsNormaliser ? ClassStatistics.globalMean(data) : new double[data.dim()];
        int c = data.classes();
        double[][] w = new double[c][];
        for (int k = 0; k < c; k++) w[k] = data.classWeight(k);
        inverseGap = new double[c][c];
        for (int p = 0; p < c; p++) {
            for (int k = 0; k < c; k++) inverseGap[p][k] = p == k ? 0 : 1 / RefMath.distance(w[p], w[k]);
        }
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        Operand<TFloat32> gaps = tf.math.sub(tf.max(g.logits(), tf.constant(1), Max.keepDims(true)),
                g.logits());
        Operand<TFloat32> sum = GraphOps.rowSum(tf, tf.math.mul(gaps, GraphOps.rowOfTopClass(tf, g.logits(), inverseGap)));
        Operand<TFloat32> norm = GraphOps.rowNorm(tf, tf.math.sub(g.features(), GraphOps.constant(tf, centre, g.dim())));
        return tf.math.neg(tf.math.div(sum, norm));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        return referenceRows(o, n -> {
            double[] l = o.logitRow(n);
            int p = RefMath.argMax(l);
            double sum = 0;
            for (int c = 0; c < l.length; c++) sum += (l[p] - l[c]) * inverseGap[p][c];
            return -sum / RefMath.distance(o.featureRow(n), centre);
        });
    }
}
