package dev.oodbench.detect;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * MLS, the maximum logit score: {@code -max_c f_c(x)}. Hendrycks et al., "Scaling Out-of-Distribution
 * Detection for Real-World Settings", ICML 2022.
 */
public final class MaxLogit extends LogitDetector {
    @Override public String name() { return "mls"; }

    @Override
    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        return tf.math.neg(GraphOps.rowMax(tf, logits));
    }

    @Override
    double score(double[] logits) {
        return -RefMath.max(logits);
    }
}
