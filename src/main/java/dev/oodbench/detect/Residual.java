package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Residual: the norm of the feature's projection onto the residual space, {@code ||(h - u) NS||},
 * without logits. The feature-only baseline of Wang et al., "ViM: Out-Of-Distribution with
 * Virtual-logit Matching", CVPR 2022 (same subspace as {@link Vim}).
 */
public final class Residual extends FeatureDetector {
    private final int principalDim;
    private PrincipalSpace space;

    /** The catalog's value of {@code dim} meaning "half the feature width", the default. */
    public static final String AUTO_DIM = PrincipalSpace.AUTO;
    private static final int AUTO = 0;

    /** The principal space spans half the feature width (the default). */
    public Residual() {
        this.principalDim = AUTO;
    }

    /** The principal space spans {@code principalDim} >= 1 dimensions. */
    public Residual(int principalDim) {
        if (principalDim < 1) throw new IllegalArgumentException("residual: dim must be >= 1, got " + principalDim);
        this.principalDim = principalDim;
    }

    @Override public String name() { return "residual"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("dim", principalDim == AUTO ? "auto(D/2)" : principalDim);
        return p;
    }

    @Override
    void doFit(FitData data) {
        space = PrincipalSpace.fit(data, principalDim == AUTO ? data.dim() / 2 : principalDim);
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        return space.residual(g.tf(), g.features());
    }

    @Override
    public double[] referenceScores(Outputs o) {
        return referenceRows(o, n -> space.residual(o.featureRow(n)));
    }
}
