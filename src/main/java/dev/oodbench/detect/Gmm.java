package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * GMM: a Gaussian mixture with one covariance shared by all components, fitted without labels on
 * the ID training features projected onto their top principal axes; the confidence is the mixture
 * likelihood. OpenOOD v1.5's GMM postprocessor (as in Lee et al., "A Simple Unified Framework for
 * Detecting Out-of-Distribution Samples and Adversarial Attacks", NeurIPS 2018, unsupervised
 * variant). Defaults as OpenOOD's CIFAR configuration for the penultimate layer: PCA to
 * {@code dim} = 10, {@code clusters} = 10, tied covariance, fitted by EM as scikit-learn's
 * {@code GaussianMixture} (k-means initialisation, seeded; reg_covar 1e-6, tol 1e-3, at most 100
 * iterations). Score: {@code -log sum_k pi_k exp(-d_k / 2)}, {@code d_k} the squared Mahalanobis
 * distance to component k; OpenOOD takes {@code log(sum + 1e-40)} of the same sum, which underflows
 * to the floor far from the data, so here the sum is a log-sum-exp.
 */
public final class Gmm extends FeatureDetector {
    public static final int DEFAULT_CLUSTERS = 10;
    public static final int DEFAULT_DIM = 10;
    private static final double REG_COVAR = 1e-6;
    private static final double TOL = 1e-3;
    private static final int MAX_ITER = 100;

    private final int clusters;
    private final int reducedDim;
    private double[][] projection; // [dim][reduced]
    private double[][] means; // [clusters][reduced]
    private double[][] precision; // [reduced][reduced]
    private double[] logWeights;
    private int iterations;

    public Gmm() {
        this(DEFAULT_CLUSTERS, DEFAULT_DIM);
    }

    public Gmm(int clusters, int reducedDim) {
        if (clusters < 1) throw new IllegalArgumentException("gmm: clusters must be >= 1, got " + clusters);
        if (reducedDim < 1) throw new IllegalArgumentException("gmm: dim must be >= 1, got " + reducedDim);
        this.clusters = clusters;
        this.reducedDim = reducedDim;
    }

    @Override public String name() { return "gmm"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("clusters", clusters);
        p.put("dim", reducedDim);
        return p;
    }

    @Override
    public Map<String, Object> fitted() {
        return Map.of("em_iterations", iterations);
    }

    @Override
    void doFit(FitData data) {
        Outputs t = data.train();
        int d = t.dim();
        int q = Math.min(reducedDim, d);
        if (t.n() < clusters) throw new IllegalArgumentException("gmm: " + clusters + " clusters need as many training samples");
        double[] mean = ClassStatistics.globalMean(data);
        DMatrixRMaj x = new DMatrixRMaj(t.n(), d);
        for (int n = 0; n < t.n(); n++) for (int i = 0; i < d; i++) x.data[n * d + i] = t.feature(n, i) - mean[i];
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(x, x, cov);
        projection = PrincipalSpace.eigenvectors(cov, 0, q);
        double[][] z = new double[t.n()][];
        for (int n = 0; n < t.n(); n++) z[n] = project(t.featureRow(n));
        em(z, kMeans(z));
    }

    private double[] project(double[] h) {
        int q = projection[0].length;
        double[] z = new double[q];
        for (int j = 0; j < q; j++) for (int i = 0; i < h.length; i++) z[j] += h[i] * projection[i][j];
        return z;
    }

    /** Lloyd's k-means from a seeded k-means++ start: each sample's cluster. */
    private int[] kMeans(double[][] z) {
        Random rng = new Random(Bank.SEED);
        int n = z.length;
        double[][] c = new double[clusters][];
        c[0] = z[rng.nextInt(n)].clone();
        double[] best = new double[n];
        Arrays.fill(best, Double.POSITIVE_INFINITY);
        for (int k = 1; k < clusters; k++) {
            double total = 0;
            for (int i = 0; i < n; i++) {
                double dd = RefMath.distance(z[i], c[k - 1]);
                best[i] = Math.min(best[i], dd * dd);
                total += best[i];
            }
            double r = rng.nextDouble() * total;
            int pick = n - 1;
            for (int i = 0; i < n; i++) {
                r -= best[i];
                if (r <= 0) {
                    pick = i;
                    break;
                }
            }
            c[k] = z[pick].clone();
        }
        int[] label = new int[n];
        for (int it = 0; it < 300; it++) {
            boolean changed = it == 0;
            for (int i = 0; i < n; i++) {
                int arg = 0;
                double bd = Double.POSITIVE_INFINITY;
                for (int k = 0; k < clusters; k++) {
                    double dd = RefMath.distance(z[i], c[k]);
                    if (dd < bd) {
                        bd = dd;
                        arg = k;
                    }
                }
                if (label[i] != arg) changed = true;
                label[i] = arg;
            }
            if (!changed) break;
            double[][] sum = new double[clusters][z[0].length];
            int[] count = new int[clusters];
            for (int i = 0; i < n; i++) {
                count[label[i]]++;
                for (int j = 0; j < z[i].length; j++) sum[label[i]][j] += z[i][j];
            }
            for (int k = 0; k < clusters; k++) {
                if (count[k] == 0) continue; // an empty cluster keeps its centre
                for (int j = 0; j < sum[k].length; j++) c[k][j] = sum[k][j] / count[k];
            }
        }
        return label;
    }

    /** EM for a tied-covariance mixture, from hard k-means responsibilities, as scikit-learn's. */
    private void em(double[][] z, int[] init) {
        int n = z.length;
        int q = z[0].length;
        double[][] resp = new double[n][clusters];
        for (int i = 0; i < n; i++) resp[i][init[i]] = 1;
        double previous = Double.NEGATIVE_INFINITY;
        iterations = 0;
        for (int it = 1; it <= MAX_ITER; it++) {
            maximise(z, resp);
            double bound = expect(z, resp);
            iterations = it;
            if (Math.abs(bound - previous) < TOL) break;
            previous = bound;
        }
        maximise(z, resp);
    }

    private void maximise(double[][] z, double[][] resp) {
        int n = z.length;
        int q = z[0].length;
        double[] nk = new double[clusters];
        means = new double[clusters][q];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < clusters; k++) {
                nk[k] += resp[i][k];
                for (int j = 0; j < q; j++) means[k][j] += resp[i][k] * z[i][j];
            }
        }
        logWeights = new double[clusters];
        for (int k = 0; k < clusters; k++) {
            nk[k] += 10 * Math.ulp(1.0);
            for (int j = 0; j < q; j++) means[k][j] /= nk[k];
            logWeights[k] = Math.log(nk[k] / n);
        }
        DMatrixRMaj cov = new DMatrixRMaj(q, q);
        for (double[] row : z) for (int a = 0; a < q; a++) for (int b = 0; b < q; b++) cov.data[a * q + b] += row[a] * row[b];
        for (int k = 0; k < clusters; k++) {
            for (int a = 0; a < q; a++) for (int b = 0; b < q; b++) cov.data[a * q + b] -= nk[k] * means[k][a] * means[k][b];
        }
        double total = 0;
        for (double v : nk) total += v;
        CommonOps_DDRM.scale(1.0 / total, cov);
        for (int a = 0; a < q; a++) cov.data[a * q + a] += REG_COVAR;
        DMatrixRMaj p = new DMatrixRMaj(q, q);
        if (!CommonOps_DDRM.invert(cov, p)) throw new IllegalStateException("gmm: singular covariance");
        precision = new double[q][q];
        for (int a = 0; a < q; a++) for (int b = 0; b < q; b++) precision[a][b] = p.get(a, b);
    }

    /** Fills the responsibilities; returns the mean log-likelihood (the constant terms, equal for all, left out). */
    private double expect(double[][] z, double[][] resp) {
        double sum = 0;
        double[] t = new double[clusters];
        for (int i = 0; i < z.length; i++) {
            for (int k = 0; k < clusters; k++) t[k] = logWeights[k] - 0.5 * GaussianScores.distance(z[i], means[k], precision);
            double lse = RefMath.logSumExp(t, 1.0);
            for (int k = 0; k < clusters; k++) resp[i][k] = Math.exp(t[k] - lse);
            sum += lse;
        }
        return sum / z.length;
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        int q = projection[0].length;
        Operand<TFloat32> z = tf.linalg.matMul(g.features(), GraphOps.constant(tf, GaussianScores.flatten(projection), g.dim(), q));
        Operand<TFloat32> d = GaussianScores.distances(tf, z, means, precision);
        Operand<TFloat32> t = tf.math.sub(GraphOps.constant(tf, logWeights, 1, clusters),
                tf.math.mul(GraphOps.scalar(tf, 0.5), d));
        return tf.math.neg(GraphOps.logSumExp(tf, t, 1.0));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        double[] t = new double[clusters];
        return referenceRows(o, n -> {
            double[] z = project(o.featureRow(n));
            for (int k = 0; k < clusters; k++) t[k] = logWeights[k] - 0.5 * GaussianScores.distance(z, means[k], precision);
            return -RefMath.logSumExp(t, 1.0);
        });
    }
}
