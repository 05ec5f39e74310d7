package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * RMDS, the relative Mahalanobis distance: the class-conditional distance (class means, pooled
 * covariance, as {@link Mahalanobis}) minus the distance under one background Gaussian fitted on
 * all ID features (global mean and covariance). Score: {@code min_c (d_c(h) - d_0(h))}. Ren et al.,
 * "A Simple Fix to Mahalanobis Distance for Improving Near-OOD Detection", arXiv 2106.09022, 2021.
 */
public final class Rmds extends FeatureDetector {
    private double[][] means;
    private double[][] precision;
    private double[][] globalMean;
    private double[][] globalPrecision;

    @Override public String name() { return "rmds"; }

    @Override
    public Map<String, Object> params() {
        return new LinkedHashMap<>();
    }

    @Override
    void doFit(FitData data) {
        means = ClassStatistics.means(data);
        precision = ClassStatistics.pooledPrecision(data, means);
        globalMean = new double[][] {ClassStatistics.globalMean(data)};
        globalPrecision = ClassStatistics.pooledPrecision(data, globalMean);
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        Operand<TFloat32> dc = GaussianScores.distances(tf, g.features(), means, precision);
        Operand<TFloat32> d0 = GaussianScores.distances(tf, g.features(), globalMean, globalPrecision);
        return GraphOps.rowMin(tf, tf.math.sub(dc, d0));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        return referenceRows(o, n -> {
            double[] h = o.featureRow(n);
            double d0 = GaussianScores.distance(h, globalMean[0], globalPrecision);
            double best = Double.POSITIVE_INFINITY;
            for (double[] mu : means) best = Math.min(best, GaussianScores.distance(h, mu, precision) - d0);
            return best;
        });
    }
}
