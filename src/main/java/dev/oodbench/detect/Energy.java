package dev.oodbench.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The energy score {@code -T log sum_c exp(f_c(x) / T)}. Liu et al., "Energy-based
 * Out-of-distribution Detection", NeurIPS 2020.
 */
public final class Energy extends LogitDetector {
    private final double temperature;

    public static final double DEFAULT_TEMPERATURE = 1.0;

    public Energy() {
        this(DEFAULT_TEMPERATURE);
    }

    public Energy(double temperature) {
        if (!(temperature > 0)) throw new IllegalArgumentException("energy: temperature must be > 0, got " + temperature);
        this.temperature = temperature;
    }

    @Override public String name() { return "energy"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("temperature", temperature);
        return p;
    }

    @Override
    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        return tf.math.neg(GraphOps.logSumExp(tf, logits, temperature));
    }

    @Override
    double score(double[] logits) {
        return -RefMath.logSumExp(logits, temperature);
    }
}
