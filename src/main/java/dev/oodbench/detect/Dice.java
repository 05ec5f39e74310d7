package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * DICE, directed sparsification of the final layer: the contribution of weight (d, c) is
 * {@code mean_ID(h_d) * W_dc}; only the weights whose contribution is above the
 * {@code sparsity}-th percentile are kept, and the logits {@code h W' + b} are scored (energy by
 * default). Sun and Li, "DICE: Leveraging Sparsification for Out-of-Distribution Detection", ECCV 2022.
 */
public final class Dice extends FeatureShaping {
    private final double sparsity;

    public static final double DEFAULT_SPARSITY = 90;

    public Dice() {
        this(DEFAULT_SPARSITY, LogitHead.DEFAULT.id());
    }

    public Dice(double sparsity, String score) {
        super(LogitHead.parse("dice", score));
        if (!(sparsity >= 0 && sparsity < 100)) throw new IllegalArgumentException("dice: sparsity must be in [0,100), got " + sparsity);
        this.sparsity = sparsity;
    }

    @Override public String name() { return "dice"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = super.params();
        p.put("sparsity", sparsity);
        return p;
    }

    @Override
    void fitShaping(FitData data) {
        Outputs t = data.train();
        int d = t.dim();
        int c = t.classes();
        double[] mean = ClassStatistics.globalMean(data);
        double[] contrib = new double[d * c];
        for (int i = 0; i < d; i++) for (int j = 0; j < c; j++) contrib[i * c + j] = mean[i] * weight[i * c + j];
        double[] sorted = contrib.clone();
        Arrays.sort(sorted);
        double thr = RefMath.percentile(sorted, sparsity);
        float[] masked = new float[weight.length];
        for (int i = 0; i < masked.length; i++) masked[i] = contrib[i] > thr ? weight[i] : 0f;
        weight = masked;
    }

    @Override
    Operand<TFloat32> shape(Ops tf, Operand<TFloat32> features, int dim) {
        return features;
    }

    @Override
    double[] shape(double[] h) {
        return h;
    }
}
