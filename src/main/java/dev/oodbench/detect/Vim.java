package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ViM, virtual-logit matching. Wang et al., "ViM: Out-Of-Distribution with Virtual-logit Matching",
 * CVPR 2022. Fit: origin {@code u = -pinv(W^T) b} (W^T: the [classes, dim] weight of logits = W^T h + b),
 * principal space = top {@code principalDim} eigenvectors of the uncentred covariance of the ID
 * training features {@code h - u}; the residual space NS is its orthogonal complement; {@code alpha =
 * mean max-logit / mean ||(h - u) NS||} over the training set. Score: {@code alpha ||(h - u) NS|| -
 * logsumexp(logits)} (the negated ViM score, so higher = more OOD).
 *
 * <p>Unlike the CIFAR notebook, which projects onto the principal space itself and recomputes an
 * SVD per batch, this follows the paper (and OpenOOD): the subspace is fitted once on training
 * features and the residual norm is taken on its orthogonal complement, so a sample's score does
 * not depend on the rest of its batch.
 */
public final class Vim extends FeatureDetector {
    private final int principalDim;
    private double[] u;
    private double[][] ns; // [dim][dim - principal]
    private double alpha;
    private int usedDim;

    /** {@code principalDim = 0} picks half the feature width. */
    public Vim(int principalDim) {
        if (principalDim < 0) throw new IllegalArgumentException("vim: dim must be >= 0, got " + principalDim);
        this.principalDim = principalDim;
    }

    @Override public String name() { return "vim"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dim", principalDim == 0 ? "auto(D/2)" : principalDim);
        return p;
    }

    /** The fitted alpha (reported: it scales the virtual logit). */
    public double alpha() {
        return alpha;
    }

    @Override
    void doFit(FitData data) {
        int d = data.dim();
        int c = data.classes();
        usedDim = principalDim == 0 ? d / 2 : principalDim;
        if (usedDim >= d) {
            throw new IllegalArgumentException("vim: dim " + usedDim + " must be below the feature width " + d);
        }
        DMatrixRMaj wt = new DMatrixRMaj(c, d); // W^T
        for (int i = 0; i < d; i++) for (int j = 0; j < c; j++) wt.set(j, i, data.weight()[i * c + j]);
        DMatrixRMaj pinv = new DMatrixRMaj(d, c);
        CommonOps_DDRM.pinv(wt, pinv);
        u = new double[d];
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int j = 0; j < c; j++) s += pinv.get(i, j) * data.bias()[j];
            u[i] = -s;
        }
        Outputs t = data.train();
        DMatrixRMaj cov = new DMatrixRMaj(d, d);
        double[] x = new double[d];
        for (int n = 0; n < t.n(); n++) {
            for (int i = 0; i < d; i++) x[i] = t.feature(n, i) - u[i];
            for (int i = 0; i < d; i++) {
                for (int j = i; j < d; j++) cov.data[i * d + j] += x[i] * x[j];
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double v = cov.data[i * d + j] / t.n();
                cov.data[i * d + j] = v;
                cov.data[j * d + i] = v;
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(cov)) throw new IllegalStateException("vim: eigen-decomposition of the feature covariance failed");
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Double.compare(eig.getEigenvalue(b).real, eig.getEigenvalue(a).real));
        ns = new double[d][d - usedDim];
        for (int k = usedDim; k < d; k++) {
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            for (int i = 0; i < d; i++) ns[i][k - usedDim] = v.get(i, 0);
        }
        double sumMax = 0;
        double sumRes = 0;
        for (int n = 0; n < t.n(); n++) {
            sumMax += RefMath.max(t.logitRow(n));
            sumRes += residual(t.featureRow(n));
        }
        alpha = sumMax / sumRes;
    }

    private double residual(double[] h) {
        int k = ns[0].length;
        double s = 0;
        for (int j = 0; j < k; j++) {
            double p = 0;
            for (int i = 0; i < h.length; i++) p += (h[i] - u[i]) * ns[i][j];
            s += p * p;
        }
        return Math.sqrt(s);
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        int d = g.dim();
        int k = d - usedDim;
        double[] flat = new double[d * k];
        for (int i = 0; i < d; i++) System.arraycopy(ns[i], 0, flat, i * k, k);
        Operand<TFloat32> centred = tf.math.sub(g.features(), GraphOps.constant(tf, u, d));
        Operand<TFloat32> r = tf.linalg.matMul(centred, GraphOps.constant(tf, flat, d, k));
        Operand<TFloat32> vlogit = tf.math.mul(tf.math.sqrt(GraphOps.rowSquaredNorm(tf, r)), GraphOps.scalar(tf, alpha));
        return tf.math.sub(vlogit, GraphOps.logSumExp(tf, g.logits(), 1.0));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        requireFitted(o.dim(), o.classes());
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) {
            s[n] = alpha * residual(o.featureRow(n)) - RefMath.logSumExp(o.logitRow(n), 1.0);
        }
        return s;
    }
}
