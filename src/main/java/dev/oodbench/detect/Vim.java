package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private PrincipalSpace space;
    private double alpha;

    /** The catalog's value of {@code dim} meaning "half the feature width", the default. */
    public static final String AUTO_DIM = PrincipalSpace.AUTO;
    private static final int AUTO = 0;

    /** The principal space spans half the feature width (the default). */
    public Vim() {
        this.principalDim = AUTO;
    }

    /** The principal space spans {@code principalDim} >= 1 dimensions. */
    public Vim(int principalDim) {
        if (principalDim < 1) throw new IllegalArgumentException("vim: dim must be >= 1, got " + principalDim);
        this.principalDim = principalDim;
    }

    @Override public String name() { return "vim"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dim", principalDim == AUTO ? "auto(D/2)" : principalDim);
        return p;
    }

    /** The fitted alpha (reported: it scales the virtual logit). */
    public double alpha() {
        return alpha;
    }

    @Override
    public Map<String, Object> fitted() {
        return Map.of("alpha", alpha);
    }

    @Override
    void doFit(FitData data) {
        space = PrincipalSpace.fit(data, principalDim == AUTO ? data.dim() / 2 : principalDim);
        Outputs t = data.train();
        double sumMax = 0;
        double sumRes = 0;
        for (int n = 0; n < t.n(); n++) {
            sumMax += RefMath.max(t.logitRow(n));
            sumRes += space.residual(t.featureRow(n));
        }
        alpha = sumMax / sumRes;
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        Operand<TFloat32> vlogit = tf.math.mul(space.residual(tf, g.features()), GraphOps.scalar(tf, alpha));
        return tf.math.sub(vlogit, GraphOps.logSumExp(tf, g.logits(), 1.0));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        return referenceRows(o, n -> alpha * space.residual(o.featureRow(n)) - RefMath.logSumExp(o.logitRow(n), 1.0));
    }
}
