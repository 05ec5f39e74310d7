package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Class means and covariances of ID training features, in float64 (Mahalanobis, RMDS and friends). */
final class ClassStatistics {
    private ClassStatistics() {}

    /** Mean feature per class, [classes][dim]. A class with no training sample is an error. */
    static double[][] means(FitData data) {
        return means(data.train().features(), data.dim(), data.labels(), data.classes());
    }

    /** Mean row per class of the row-major [n, dim] {@code rows}, [classes][dim]. */
    static double[][] means(float[] rows, int dim, int[] labels, int classes) {
        double[][] m = new double[classes][dim];
        int[] count = new int[classes];
        for (int n = 0; n < labels.length; n++) {
            int c = labels[n];
            count[c]++;
            for (int d = 0; d < dim; d++) m[c][d] += rows[n * dim + d];
        }
        for (int c = 0; c < m.length; c++) {
            if (count[c] == 0) throw new IllegalArgumentException("no training sample of class " + c + " to fit on");
            for (int d = 0; d < dim; d++) m[c][d] /= count[c];
        }
        return m;
    }

    /** Mean of all features, [dim]. */
    static double[] globalMean(FitData data) {
        Outputs t = data.train();
        double[] m = new double[t.dim()];
        for (int n = 0; n < t.n(); n++) for (int d = 0; d < t.dim(); d++) m[d] += t.feature(n, d);
        for (int d = 0; d < t.dim(); d++) m[d] /= t.n();
        return m;
    }

    /**
     * Pseudo-inverse of the covariance of {@code h - centre(h)}, divided by n, where centre gives the
     * class mean of each sample ({@code classMeans}) or one global mean ({@code classMeans} of one row).
     */
    static double[][] pooledPrecision(FitData data, double[][] classMeans) {
        return pooledPrecision(data.train().features(), data.dim(), data.labels(), classMeans);
    }

    /** {@link #pooledPrecision(FitData, double[][])} of the row-major [n, d] {@code rows}. */
    static double[][] pooledPrecision(float[] rows, int d, int[] labels, double[][] classMeans) {
        int count = labels.length;
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        double[] x = new double[d];
        for (int n = 0; n < count; n++) {
            double[] mu = classMeans.length == 1 ? classMeans[0] : classMeans[labels[n]];
            for (int i = 0; i < d; i++) x[i] = rows[n * d + i] - mu[i];
            for (int i = 0; i < d; i++) {
                double xi = x[i];
                int row = i * d;
                for (int j = i; j < d; j++) cov.data[row + j] += xi * x[j];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = cov.data[i * d + j] / count;
                cov.data[i * d + j] = v;
                cov.data[j * d + i] = v;
            }
        }
        DMatrixRMaj p = new DMatrixRMaj(d, d);
        CommonOps_DDRM.pinv(cov, p);
        double[][] out = new double[d][d];
        for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) out[i][j] = p.get(i, j);
        return out;
    }
}
