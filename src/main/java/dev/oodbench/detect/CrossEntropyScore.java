package dev.oodbench.detect;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The notebooks' cross-entropy score: {@code mean_c f_c(x) - logsumexp_c f_c(x)}, the (negative)
 * cross-entropy between the uniform distribution and the softmax. A confident prediction makes it
 * very negative; a flat one brings it up towards {@code -log C}. Hendrycks et al., "Deep Anomaly
 * Detection with Outlier Exposure", ICLR 2019 (the score used to rank OOD inputs).
 */
public final class CrossEntropyScore extends LogitDetector {
    @Override public String name() { return "cross-entropy"; }

    @Override
    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        return tf.math.sub(GraphOps.rowMean(tf, logits), GraphOps.logSumExp(tf, logits, 1.0));
    }

    @Override
    double score(double[] logits) {
        return RefMath.mean(logits) - RefMath.logSumExp(logits, 1.0);
    }
}
