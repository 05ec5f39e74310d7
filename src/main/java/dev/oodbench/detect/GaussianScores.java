package dev.oodbench.detect;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Mahalanobis distances in the graph and in float64, shared by the Gaussian detectors. */
final class GaussianScores {
    private GaussianScores() {}

    /** {@code (h - mu)^T P (h - mu)} in float64. */
    static double distance(double[] h, double[] mu, double[][] precision) {
        int d = h.length;
        double s = 0;
        for (int i = 0; i < d; i++) {
            double xi = h[i] - mu[i];
            double row = 0;
            for (int j = 0; j < d; j++) row += precision[i][j] * (h[j] - mu[j]);
            s += xi * row;
        }
        return s;
    }

    /**
     * [N, classes] squared distances of each feature row to each mean under {@code precision}, as
     * {@code (h - mu_c) P (h - mu_c)^T} with the rows centred by each mean: exact in float32 for
     * features far from the origin (the expanded form {@code hPh - 2hPmu + muPmu} loses digits).
     */
    static Operand<TFloat32> distances(Ops tf, Operand<TFloat32> features, double[][] means, double[][] precision) {
        int c = means.length;
        int d = precision.length;
        // Cholesky-free: P = L L^T is not needed; use (h - mu) P then row-dot with (h - mu), per class.
        Operand<TFloat32> p = GraphOps.constant(tf, flatten(precision), d, d);
        List<Operand<TFloat32>> cols = new ArrayList<>();
        for (int k = 0; k < c; k++) {
            Operand<TFloat32> x = tf.math.sub(features, GraphOps.constant(tf, means[k], d));
            Operand<TFloat32> xp = tf.linalg.matMul(x, p);
            cols.add(tf.reshape(GraphOps.rowSum(tf, tf.math.mul(xp, x)), tf.constant(new int[] {-1, 1})));
        }
        return c == 1 ? cols.get(0) : tf.concat(cols, tf.constant(1));
    }

    /** Distance to the closest mean, [N]. */
    static Operand<TFloat32> minDistance(Ops tf, Operand<TFloat32> features, double[][] means, double[][] precision) {
        return GraphOps.rowMin(tf, distances(tf, features, means, precision));
    }

    static double[] flatten(double[][] m) {
        int cols = m[0].length;
        double[] f = new double[m.length * cols];
        for (int i = 0; i < m.length; i++) System.arraycopy(m[i], 0, f, i * cols, cols);
        return f;
    }
}
