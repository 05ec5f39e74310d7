package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * OpenMax: an extreme-value model of each class's distances to its mean activation vector (MAV)
 * recalibrates the logits and adds an "unknown" class. Bendale and Boult, "Towards Open Set Deep
 * Networks", CVPR 2016.
 *
 * <p>As OpenOOD v1.5: the activation vector is the logit vector; per class, the MAV is the mean of
 * the correctly classified training samples' logits, and a Weibull is fitted (libMR {@code FitHigh},
 * {@link Weibull}) to the {@code tail} = 20 largest Euclidean distances to it. For a sample with
 * logits v, the {@code alpha} = 3 top-ranked classes get weights {@code (alpha + 1 - i) / alpha}
 * (i = 1..alpha, others 0), {@code v'_c = v_c (1 - w_c(||v - MAV_c||) omega_c)}, the unknown
 * class's activation is {@code sum_c (v_c - v'_c)}, and the softmax over {@code [v', unknown]} gives
 * the probability of "unknown". The score is that probability's logarithm (the same ranking, without
 * the float32 saturation near 0 and 1). OpenOOD's postprocessor returns the whole probability vector
 * as its confidence; the unknown class's probability is the paper's OOD score.
 */
public final class OpenMax extends FeatureDetector {
    public static final int DEFAULT_ALPHA = 3;
    public static final int DEFAULT_TAIL = 20;

    private final int alpha;
    private final int tail;
    private double[][] mavs; // [classes][classes]
    private Weibull[] weibulls;

    public OpenMax() {
        this(DEFAULT_ALPHA, DEFAULT_TAIL);
    }

    public OpenMax(int alpha, int tail) {
        if (alpha < 1) throw new IllegalArgumentException("openmax: alpha must be >= 1, got " + alpha);
        if (tail < 2) throw new IllegalArgumentException("openmax: tail must be >= 2, got " + tail);
        this.alpha = alpha;
        this.tail = tail;
    }

    @Override public String name() { return "openmax"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("alpha", alpha);
        p.put("tail", tail);
        return p;
    }

    @Override
    void doFit(FitData data) {
        Outputs t = data.train();
        int c = t.classes();
        List<List<double[]>> correct = new ArrayList<>();
        for (int k = 0; k < c; k++) correct.add(new ArrayList<>());
        for (int n = 0; n < t.n(); n++) {
            if (t.predicted(n) == data.labels()[n]) correct.get(data.labels()[n]).add(t.logitRow(n));
        }
        mavs = new double[c][c];
        weibulls = new Weibull[c];
        for (int k = 0; k < c; k++) {
            List<double[]> rows = correct.get(k);
            if (rows.size() < 2) {
                throw new IllegalArgumentException("openmax: class " + k + " has " + rows.size()
                        + " correctly classified training samples; a Weibull fit needs at least 2");
            }
            for (double[] r : rows) for (int j = 0; j < c; j++) mavs[k][j] += r[j] / rows.size();
            double[] dist = new double[rows.size()];
            for (int i = 0; i < dist.length; i++) dist[i] = RefMath.distance(rows.get(i), mavs[k]);
            weibulls[k] = Weibull.fitHigh(dist, tail);
        }
    }

    /** Class {@code c}'s fitted Weibull (tests). */
    Weibull weibull(int c) {
        return weibulls[c];
    }

    private double[] rankWeights(int classes) {
        int a = Math.min(alpha, classes);
        double[] w = new double[a];
        for (int i = 1; i <= a; i++) w[i - 1] = (alpha + 1.0 - i) / alpha;
        return w;
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        int c = g.classes();
        Operand<TFloat32> v = g.logits();
        double[][] identity = new double[c][c];
        for (int i = 0; i < c; i++) identity[i][i] = 1;
        Operand<TFloat32> dist = tf.math.sqrt(tf.math.maximum(GaussianScores.distances(tf, v, mavs, identity),
                GraphOps.scalar(tf, 0)));
        double[] offset = new double[c];
        double[] scale = new double[c];
        double[] shape = new double[c];
        for (int k = 0; k < c; k++) {
            offset[k] = weibulls[k].offset();
            scale[k] = weibulls[k].scale();
            shape[k] = weibulls[k].shape();
        }
        Operand<TFloat32> logRatio = tf.math.log1p(tf.math.div(tf.math.sub(dist, GraphOps.constant(tf, offset, c)),
                GraphOps.constant(tf, scale, c)));
        Operand<TFloat32> w = tf.math.neg(tf.math.expm1(tf.math.neg(tf.math.exp(
                tf.math.mul(logRatio, GraphOps.constant(tf, shape, c))))));
        double[] rw = rankWeights(c);
        Operand<TInt32> top = tf.nn.topK(v, tf.constant(rw.length),
                new TopK.Options[0]).indices();
        Operand<TFloat32> omega = tf.sum(tf.math.mul(tf.oneHot(top, tf.constant(c), tf.constant(1f), tf.constant(0f)),
                GraphOps.constant(tf, rw, 1, rw.length, 1)), tf.constant(1));
        Operand<TFloat32> removed = tf.math.mul(v, tf.math.mul(w, omega));
        Operand<TFloat32> unknown = tf.reshape(GraphOps.rowSum(tf, removed), tf.constant(new int[] {-1, 1}));
        Operand<TFloat32> all = tf.concat(List.of(tf.math.sub(v, removed), unknown), tf.constant(1));
        return tf.math.sub(tf.reshape(unknown, tf.constant(new int[] {-1})), GraphOps.logSumExp(tf, all, 1.0));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        requireFitted(o.dim(), o.classes());
        int c = o.classes();
        double[] rw = rankWeights(c);
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) {
            double[] v = o.logitRow(n);
            Integer[] order = new Integer[c];
            for (int k = 0; k < c; k++) order[k] = k;
            Arrays.sort(order, (a, b) -> Double.compare(v[b], v[a]));
            double[] omega = new double[c];
            for (int i = 0; i < rw.length; i++) omega[order[i]] = rw[i];
            double[] all = new double[c + 1];
            double unknown = 0;
            for (int k = 0; k < c; k++) {
                double removed = v[k] * weibulls[k].cdf(RefMath.distance(v, mavs[k])) * omega[k];
                all[k] = v[k] - removed;
                unknown += removed;
            }
            all[c] = unknown;
            s[n] = unknown - RefMath.logSumExp(all, 1.0);
        }
        return s;
    }
}
