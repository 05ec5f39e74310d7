package dev.oodbench.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * MSP, the maximum softmax probability, scored as {@code log((1 - MSP) / MSP) = log sum_{c != top}
 * exp(z_c - z_top)} with {@code z = f(x)/T} (T = 1 is the baseline; T > 1 is temperature scaling).
 * That is a strictly increasing function of {@code -MSP}, so every ranking metric equals the paper's
 * score's; unlike {@code -MSP}, it does not round to -1.0 in float32 for confident predictions (a
 * third of the MNIST[0-4] test images did, tying with each other and with confident OOD images). Hendrycks and Gimpel, "A Baseline for Detecting Misclassified and
 * Out-of-Distribution Examples in Neural Networks", ICLR 2017; temperature: Guo et al., "On
 * Calibration of Modern Neural Networks", ICML 2017.
 */
public final class MaxSoftmax extends LogitDetector {
    private final String name;
    private final double temperature;

    /** The temperature of the catalog's {@code temp-scaling} entry (ODIN's, as OpenOOD's temperature-scaling baseline uses). */
    public static final double DEFAULT_SCALED_TEMPERATURE = 1000;

    public MaxSoftmax() {
        this("msp", 1.0);
    }

    /** {@code name} lets the catalog offer the temperature-scaled variant under its own name. */
    public MaxSoftmax(String name, double temperature) {
        if (!(temperature > 0)) throw new IllegalArgumentException(name + ": temperature must be > 0, got " + temperature);
        this.name = name;
        this.temperature = temperature;
    }

    @Override public String name() { return name; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("temperature", temperature);
        return p;
    }

    @Override
    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        Operand<TFloat32> z = temperature == 1.0 ? logits : tf.math.div(logits, GraphOps.scalar(tf, temperature));
        return GraphOps.logNonMaxMass(tf, z, Math.toIntExact(logits.shape().get(1)));
    }

    @Override
    double score(double[] logits) {
        double[] z = new double[logits.length];
        for (int i = 0; i < z.length; i++) z[i] = logits[i] / temperature;
        return RefMath.logNonMaxMass(z);
    }
}
