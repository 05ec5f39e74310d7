package dev.oodbench.detect;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Shannon entropy of the softmax, {@code -sum_c p_c log p_c} (computed from log-softmax, so it stays
 * finite for saturated predictions). A common baseline in oodeel and pytorch-ood.
 */
public final class Entropy extends LogitDetector {
    @Override public String name() { return "entropy"; }

    @Override
    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        Operand<TFloat32> logp = tf.nn.logSoftmax(logits);
        return tf.math.neg(GraphOps.rowSum(tf, tf.math.mul(tf.math.exp(logp), logp)));
    }

    @Override
    double score(double[] logits) {
        double lse = RefMath.logSumExp(logits, 1.0);
        double h = 0;
        for (double v : logits) {
            double lp = v - lse;
            h -= Math.exp(lp) * lp;
        }
        return h;
    }
}
