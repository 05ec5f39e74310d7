package dev.oodbench.detect;

import java.util.ArrayList;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
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

    /**
     * [N, classes] squared distances as {@code ||(h - mu_c) W||^2} with {@code W W^T = P} (W = the
     * eigenvectors of the symmetric precision scaled by the square roots of its positive eigenvalues):
     * no cancellation inside {@code (h - mu) P}, so float32 stays close to float64 when P is badly
     * conditioned (pooled early-stage maps with nearly constant channels).
     */
    static Operand<TFloat32> whitenedDistances(Ops tf, Operand<TFloat32> features, double[][] means, double[][] precision) {
        int d = precision.length;
        DMatrixRMaj p = new DMatrixRMaj(precision);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(p)) throw new IllegalStateException("precision eigendecomposition did not converge");
        List<double[]> cols = new ArrayList<>();
        double top = 0;
        for (int k = 0; k < d; k++) top = Math.max(top, eig.getEigenvalue(k).getReal());
        for (int k = 0; k < d; k++) {
            double lambda = eig.getEigenvalue(k).getReal();
            if (lambda <= top * 1e-14) continue; // the pseudo-inverse's null space
            DMatrixRMaj v = eig.getEigenVector(k);
            double[] col = new double[d];
            for (int i = 0; i < d; i++) col[i] = v.get(i, 0) * Math.sqrt(lambda);
            cols.add(col);
        }
        int r = Math.max(1, cols.size());
        double[] w = new double[d * r];
        for (int k = 0; k < cols.size(); k++) for (int i = 0; i < d; i++) w[i * r + k] = cols.get(k)[i];
        Operand<TFloat32> wc = GraphOps.constant(tf, w, d, r);
        List<Operand<TFloat32>> out = new ArrayList<>();
        for (double[] mu : means) {
            Operand<TFloat32> z = tf.linalg.matMul(tf.math.sub(features, GraphOps.constant(tf, mu, d)), wc);
            out.add(tf.reshape(GraphOps.rowSquaredNorm(tf, z), tf.constant(new int[] {-1, 1})));
        }
        return out.size() == 1 ? out.get(0) : tf.concat(out, tf.constant(1));
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
