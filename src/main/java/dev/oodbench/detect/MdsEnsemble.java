package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import dev.oodbench.model.StageMaps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * MDS-ensemble, the feature ensemble of Lee et al., "A Simple Unified Framework for Detecting
 * Out-of-Distribution Samples and Adversarial Attacks", NeurIPS 2018: a Mahalanobis score (class
 * means and one covariance shared by all classes, as {@link Mahalanobis}) on each stage's global
 * average pooled map, the per-stage minimum distances summed. Fitted on the pooled stage maps of
 * the ID training images with their true labels ({@link FitData#pooledStages()}).
 *
 * <p>Departures from OpenOOD v1.5's mds_ensemble_postprocessor: its layer weights come from a
 * logistic regression fitted on validation OOD data (or a given alpha list); with no OOD data at fit
 * time this uses equal weights, the plain sum. No input pre-processing (OpenOOD's config: noise
 * 0.0014), as this suite's MDS. OpenOOD's score is {@code max_c -d_c / 2} per layer (higher = ID);
 * here {@code sum_stages min_c d_c} (higher = OOD), the same order with equal weights. Stages are the
 * model's exported ones (ResNet-20: 3, the convnet: 2) in place of ResNet-18's 5 feature maps.
 */
public final class MdsEnsemble extends FeatureDetector {
    private List<String> stageNames;
    private int[] channels;
    private double[][][] means; // [stage][classes][C]
    private double[][][] precisions; // [stage][C][C]

    @Override public String name() { return "mds-ensemble"; }

    @Override
    public Map<String, Object> params() {
        return new LinkedHashMap<>();
    }

    @Override
    public boolean needsMaps() {
        return true;
    }

    @Override
    void doFit(FitData data) {
        StageMaps pooled = data.requirePooledStages(name());
        int stages = pooled.stages();
        stageNames = pooled.names();
        channels = new int[stages];
        means = new double[stages][][];
        precisions = new double[stages][][];
        for (int s = 0; s < stages; s++) {
            channels[s] = pooled.channels(s);
            means[s] = ClassStatistics.means(pooled.values().get(s), channels[s], data.labels(), data.classes());
            precisions[s] = ClassStatistics.pooledPrecision(pooled.values().get(s), channels[s], data.labels(), means[s]);
        }
    }

    /** The fitted per-stage class means, [stage][class][C] (for tests). */
    double[][][] means() {
        return means;
    }

    private void requireStages(List<String> names, List<int[]> shapes) {
        boolean ok = names.equals(stageNames);
        for (int s = 0; ok && s < shapes.size(); s++) ok = shapes.get(s)[2] == channels[s];
        if (!ok) {
            throw new IllegalArgumentException("detector mds-ensemble was fitted on stages " + stageNames + " but is given "
                    + names + " (or other widths); fit it on the same model");
        }
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        List<Operand<TFloat32>> maps = g.requireMaps(name());
        requireStages(g.mapNames(), g.mapShapes());
        Operand<TFloat32> total = null;
        for (int s = 0; s < maps.size(); s++) {
            Operand<TFloat32> pooled = tf.math.mean(maps.get(s), tf.constant(new int[] {1, 2}));
            Operand<TFloat32> d = GraphOps.rowMin(tf, GaussianScores.whitenedDistances(tf, pooled, means[s], precisions[s]));
            total = total == null ? d : tf.math.add(total, d);
        }
        return total;
    }

    @Override
    public double[] referenceScores(Outputs o, StageMaps maps) {
        requireFitted(o.dim(), o.classes());
        requireStages(maps.names(), maps.shapes());
        return referenceRows(o, n -> {
            double total = 0;
            for (int s = 0; s < maps.stages(); s++) {
                double[] h = pooled(maps.map(s, n), maps.channels(s));
                double best = Double.POSITIVE_INFINITY;
                for (double[] mu : means[s]) best = Math.min(best, GaussianScores.distance(h, mu, precisions[s]));
                total += best;
            }
            return total;
        });
    }

    @Override
    public double[] referenceScores(Outputs o) {
        throw new UnsupportedOperationException("detector mds-ensemble reads the stage maps; its reference needs them: "
                + "referenceScores(outputs, maps)");
    }

    /** The global average pool of one [H*W*C] NHWC map, [C]. */
    static double[] pooled(double[] map, int c) {
        int hw = map.length / c;
        double[] p = new double[c];
        for (int j = 0; j < hw; j++) for (int k = 0; k < c; k++) p[k] += map[j * c + k];
        for (int k = 0; k < c; k++) p[k] /= hw;
        return p;
    }
}
