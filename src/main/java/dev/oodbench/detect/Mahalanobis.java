package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Mahalanobis distance to the closest class mean under one covariance shared by all classes
 * (the within-class covariance, pooled). Lee et al., "A Simple Unified Framework for Detecting
 * Out-of-Distribution Samples and Adversarial Attacks", NeurIPS 2018 (penultimate layer, no input
 * pre-processing, as in OpenOOD's MDS). Score: {@code min_c (h - mu_c)^T P (h - mu_c)}, P the
 * (pseudo-)inverse of the pooled covariance.
 */
public final class Mahalanobis extends FeatureDetector {
    private double[][] means; // [classes][dim]
    private double[][] precision; // [dim][dim]

    @Override public String name() { return "mahalanobis"; }

    @Override
    public Map<String, Object> params() {
        return new LinkedHashMap<>();
    }

    @Override
    void doFit(FitData data) {
        means = ClassStatistics.means(data);
        precision = ClassStatistics.pooledPrecision(data, means);
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        return GaussianScores.minDistance(g.tf(), g.features(), means, precision);
    }

    @Override
    public double[] referenceScores(Outputs o) {
        return referenceRows(o, n -> {
            double[] h = o.featureRow(n);
            double best = Double.POSITIVE_INFINITY;
            for (double[] mu : means) best = Math.min(best, GaussianScores.distance(h, mu, precision));
            return best;
        });
    }
}
