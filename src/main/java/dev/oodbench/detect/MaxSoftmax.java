package dev.oodbench.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * MSP, the maximum softmax probability: {@code -max_c softmax(f(x)/T)_c} (T = 1 is the baseline; T > 1
 * is temperature scaling). Hendrycks and Gimpel, "A Baseline for Detecting Misclassified and
 * Out-of-Distribution Examples in Neural Networks", ICLR 2017; temperature: Guo et al., "On
 * Calibration of Modern Neural Networks", ICML 2017.
 */
public final class MaxSoftmax extends LogitDetector {
    private final String name;
    private final double temperature;

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
        return tf.math.neg(GraphOps.rowMax(tf, GraphOps.softmax(tf, logits, temperature)));
    }

    @Override
    double score(double[] logits) {
        return -RefMath.max(RefMath.softmax(logits, temperature));
    }
}
