package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import dev.oodbench.model.StageMaps;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Sum;
import org.tensorflow.types.TFloat32;

/**
 * Gram matrices: per stage map M ([H*W, C]) and power p = 1..P, the gram features are the row sums
 * of {@code (M^p)^T (M^p)} (elementwise power), taken to the 1/p with the sign kept: one value per
 * channel. Fitting records each feature's minimum and maximum over the ID training images of each
 * class (true labels); an image's score is the summed normalised deviation outside its predicted
 * class's range, {@code relu(min - g) / |min + 1e-6| + relu(g - max) / |max + 1e-6|} over all
 * stages, powers and channels. Sastry & Oore, "Detecting Out-of-Distribution Examples with Gram
 * Matrices", ICML 2020; as OpenOOD v1.5's gram_postprocessor (powers 1-5 by default, its config).
 *
 * <p>Departures from OpenOOD v1.5: it compares each channel's gram feature with that channel's
 * range, as the paper (OpenOOD compares the sum over channels with every channel's range, which looks
 * like a slip); no division by 50 (a constant); no per-layer normalisation by the mean validation
 * deviation (the paper's; OpenOOD omits it too). Stages are the model's exported ones. The fit
 * streams every training image's full maps through the model once ({@link FitData#trainingMaps()});
 * its ranges are a {@link TrainingMaps.Summary}, which eval keeps on disk, so later fits on the same
 * model files and training set read them back.
 */
public final class Gram extends FeatureDetector {
    public static final int DEFAULT_POWERS = 5;
    static final double EPS = 1e-6;

    private final int powers;
    private List<String> stageNames;
    private int[] channels;
    private double[][] mins; // [classes][features]
    private double[][] maxs;

    public Gram() {
        this(DEFAULT_POWERS);
    }

    public Gram(int powers) {
        if (powers < 1 || powers > 10) throw new IllegalArgumentException("gram: powers must be in 1..10, got " + powers);
        this.powers = powers;
    }

    @Override public String name() { return "gram"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("powers", powers);
        return p;
    }

    @Override
    public boolean fitRunsModel() {
        return true;
    }

    @Override
    public boolean needsMaps() {
        return true;
    }

    @Override
    void doFit(FitData data) {
        TrainingMaps maps = data.requireTrainingMaps(name());
        TrainingMaps.Summary fitted = maps.summary(SUMMARY + powers, m -> ranges(m, data.labels(), data.classes()));
        stageNames = fitted.stages();
        channels = fitted.channels();
        mins = fitted.tables()[0];
        maxs = fitted.tables()[1];
    }

    /** Names the fitted ranges among the training maps' summaries: the feature definition's version and the powers follow. */
    static final String SUMMARY = "gram-ranges-v1-powers";

    /** Each gram feature's minimum and maximum over the training images of each class: tables {mins, maxs}. */
    private TrainingMaps.Summary ranges(TrainingMaps trainingMaps, int[] labels, int classes) {
        double[][][] range = new double[2][classes][];
        int[] seen = new int[classes];
        List<List<String>> names = new ArrayList<>();
        List<int[]> widths = new ArrayList<>();
        trainingMaps.forEachBatch((from, maps) -> {
            if (names.isEmpty()) {
                names.add(maps.names());
                int[] w = new int[maps.stages()];
                for (int s = 0; s < w.length; s++) w[s] = maps.channels(s);
                widths.add(w);
            }
            for (int i = 0; i < maps.n(); i++) {
                int c = labels[from + i];
                double[] g = features(maps, i);
                if (range[0][c] == null) {
                    range[0][c] = g.clone();
                    range[1][c] = g.clone();
                } else {
                    for (int f = 0; f < g.length; f++) {
                        range[0][c][f] = Math.min(range[0][c][f], g[f]);
                        range[1][c][f] = Math.max(range[1][c][f], g[f]);
                    }
                }
                seen[c]++;
            }
        });
        for (int c = 0; c < classes; c++) {
            if (seen[c] == 0) throw new IllegalArgumentException("gram: no training sample of class " + c + " to fit on");
        }
        return new TrainingMaps.Summary(names.get(0), widths.get(0), range);
    }

    /** Fitted {min, max} tables, [classes][features] each (for tests). */
    double[][][] ranges() {
        return new double[][][] {mins, maxs};
    }

    /** Every gram feature of image {@code i}: stage by stage, power 1..P, channel by channel. */
    double[] features(StageMaps maps, int i) {
        List<double[]> parts = new ArrayList<>();
        int total = 0;
        for (int s = 0; s < maps.stages(); s++) {
            double[] m = maps.map(s, i);
            int c = maps.channels(s);
            double[] a = m.clone(); // a = m^p, built up one power at a time
            for (int p = 1; p <= powers; p++) {
                if (p > 1) for (int j = 0; j < a.length; j++) a[j] *= m[j];
                parts.add(rowSums(a, c, p));
                total += c;
            }
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** sign(r) |r|^(1/p) of the row sums r of A^T A, A = {@code a} as [H*W, C]: r_k = sum_hw a_hw,k sum_j a_hw,j. */
    static double[] rowSums(double[] a, int c, int p) {
        int hw = a.length / c;
        double[] r = new double[c];
        for (int j = 0; j < hw; j++) {
            double s = 0;
            for (int k = 0; k < c; k++) s += a[j * c + k];
            for (int k = 0; k < c; k++) r[k] += a[j * c + k] * s;
        }
        for (int k = 0; k < c; k++) r[k] = Math.signum(r[k]) * Math.pow(Math.abs(r[k]), 1.0 / p);
        return r;
    }

    private void requireStages(List<String> names, List<int[]> shapes) {
        boolean ok = names.equals(stageNames);
        for (int s = 0; ok && s < shapes.size(); s++) ok = shapes.get(s)[2] == channels[s];
        if (!ok) {
            throw new IllegalArgumentException("detector gram was fitted on stages " + stageNames + " but is given " + names
                    + " (or other widths); fit it on the same model");
        }
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        List<Operand<TFloat32>> maps = g.requireMaps(name());
        requireStages(g.mapNames(), g.mapShapes());
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (int s = 0; s < maps.size(); s++) {
            int[] sh = g.mapShapes().get(s);
            Operand<TFloat32> m = tf.reshape(maps.get(s), tf.constant(new int[] {-1, sh[0] * sh[1], sh[2]}));
            Operand<TFloat32> a = m;
            for (int p = 1; p <= powers; p++) {
                if (p > 1) a = tf.math.mul(a, m);
                Operand<TFloat32> rowTotal = tf.sum(a, tf.constant(2), Sum.keepDims(true)); // [N, HW, 1]
                Operand<TFloat32> r = tf.sum(tf.math.mul(a, rowTotal), tf.constant(1)); // [N, C]
                parts.add(p == 1 ? r : tf.math.mul(tf.math.sign(r),
                        tf.math.pow(tf.math.abs(r), GraphOps.scalar(tf, 1.0 / p))));
            }
        }
        Operand<TFloat32> gram = parts.size() == 1 ? parts.get(0) : tf.concat(parts, tf.constant(1));
        Operand<TFloat32> lo = GraphOps.rowOfTopClass(tf, g.logits(), mins);
        Operand<TFloat32> hi = GraphOps.rowOfTopClass(tf, g.logits(), maxs);
        Operand<TFloat32> below = tf.math.mul(tf.nn.relu(tf.math.sub(lo, gram)), GraphOps.rowOfTopClass(tf, g.logits(), inverse(mins)));
        Operand<TFloat32> above = tf.math.mul(tf.nn.relu(tf.math.sub(gram, hi)), GraphOps.rowOfTopClass(tf, g.logits(), inverse(maxs)));
        return GraphOps.rowSum(tf, tf.math.add(below, above));
    }

    /** 1 / |v + 1e-6| per entry: the normalisers. */
    private static double[][] inverse(double[][] v) {
        double[][] out = new double[v.length][];
        for (int c = 0; c < v.length; c++) {
            out[c] = new double[v[c].length];
            for (int f = 0; f < v[c].length; f++) out[c][f] = 1 / Math.abs(v[c][f] + EPS);
        }
        return out;
    }

    @Override
    public double[] referenceScores(Outputs o, StageMaps maps) {
        requireFitted(o.dim(), o.classes());
        requireStages(maps.names(), maps.shapes());
        return referenceRows(o, n -> {
            int c = RefMath.argMax(o.logitRow(n));
            double[] g = features(maps, n);
            double dev = 0;
            for (int f = 0; f < g.length; f++) {
                dev += Math.max(0, mins[c][f] - g[f]) / Math.abs(mins[c][f] + EPS);
                dev += Math.max(0, g[f] - maxs[c][f]) / Math.abs(maxs[c][f] + EPS);
            }
            return dev;
        });
    }

    @Override
    public double[] referenceScores(Outputs o) {
        throw new UnsupportedOperationException("detector gram reads the stage maps; its reference needs them: "
                + "referenceScores(outputs, maps)");
    }
}
