package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ViM's feature geometry, shared by ViM and Residual: the origin {@code u = -pinv(W^T) b} and the
 * residual space NS, the span of the eigenvectors of the uncentred covariance of {@code h - u}
 * beyond the top {@code principalDim}. {@link #residual} is {@code ||(h - u) NS||}.
 */
final class PrincipalSpace {
    /** The catalog's spelling of "half the feature width" for {@code dim}. */
    static final String AUTO = "auto";

    final double[] u;
    final double[][] ns; // [dim][dim - principal]

    private PrincipalSpace(double[] u, double[][] ns) {
        this.u = u;
        this.ns = ns;
    }

    static PrincipalSpace fit(FitData data, int principalDim) {
        int d = data.dim();
        int c = data.classes();
        if (principalDim <= 0 || principalDim >= d) {
            throw new IllegalArgumentException("principal dimension " + principalDim + " must be in 1.." + (d - 1));
        }
        DMatrixRMaj wt = new DMatrixRMaj(c, d);
        for (int i = 0; i < d; i++) for (int j = 0; j < c; j++) wt.set(j, i, data.weight()[i * c + j]);
        DMatrixRMaj pinv = new DMatrixRMaj(d, c);
        CommonOps_DDRM.pinv(wt, pinv);
        double[] u = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < c; j++) s += pinv.get(i, j) * data.bias()[j];
            u[i] = -s;
        }
        Outputs t = data.train();
        DMatrixRMaj x = new DMatrixRMaj(t.n(), d);
        for (int n = 0; n < t.n(); n++) for (int i = 0; i < d; i++) x.data[n * d + i] = t.feature(n, i) - u[i];
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(x, x, cov);
        CommonOps_DDRM.scale(1.0 / t.n(), cov);
        return new PrincipalSpace(u, eigenvectors(cov, principalDim, d));
    }

    /**
     * Eigenvectors {@code from..to-1} of a symmetric matrix, ranked by descending eigenvalue, as the
     * columns of a [dim][to - from] array.
     */
    static double[][] eigenvectors(DMatrixRMaj symmetric, int from, int to) {
        int d = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(symmetric.copy())) throw new IllegalStateException("eigen-decomposition of the feature covariance failed");
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
        double[][] out = new double[d][to - from];
        for (int k = from; k < to; k++) {
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            for (int i = 0; i < d; i++) out[i][k - from] = v.get(i, 0);
        }
        return out;
    }

    double residual(double[] h) {
        int k = ns[0].length;
        double s = 0;
        for (int j = 0; j < k; j++) {
            double p = 0;
            for (int i = 0; i < h.length; i++) p += (h[i] - u[i]) * ns[i][j];
            s += p * p;
        }
        return Math.sqrt(s);
    }

    Operand<TFloat32> residual(Ops tf, Operand<TFloat32> features) {
        int d = u.length;
        int k = ns[0].length;
        Operand<TFloat32> centred = tf.math.sub(features, GraphOps.constant(tf, u, d));
        Operand<TFloat32> r = tf.linalg.matMul(centred, GraphOps.constant(tf, GaussianScores.flatten(ns), d, k));
        return tf.math.sqrt(GraphOps.rowSquaredNorm(tf, r));
    }
}
