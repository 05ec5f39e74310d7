package dev.oodbench.detect;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Shannon entropy of the softmax, {@code H = -sum_c p_c log p_c}, scored as {@code log H} (strictly
 * increasing in H, so the ranking is the entropy's). A common baseline in oodeel and pytorch-ood.
 *
 * <p>Computed in the log domain from {@code s = log sum_{c != top} exp(z_c - z_top)} ({@link
 * GraphOps#logNonMaxMass}, z the logits): with {@code L = log(1 + e^s) = -log p_top}, {@code log H =
 * logsumexp_c(log p_c + log(-log p_c))}, where {@code log p_c = z_c - z_top - L} and {@code -log p_c =
 * L - (z_c - z_top)}; for the top class {@code log(-log p_top) = log L}, taken as {@code s} once
 * {@code s < -20} (relative error below 1e-8). A confident prediction's entropy (about {@code e^s
 * (1 - s)}) underflows float32 or rounds to a constant when summed plainly; this form keeps it.
 */
public final class Entropy extends LogitDetector {
    /** Below this {@code s}, {@code log log1p(e^s) = s} to float64 precision's order. */
    private static final double SMALL = -20;

    @Override public String name() { return "entropy"; }

    @Override
    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        int classes = Math.toIntExact(logits.shape().get(1));
        Operand<TFloat32> z = tf.math.sub(logits, tf.max(logits, tf.constant(1), Max.keepDims(true)));
        Operand<TFloat32> s = GraphOps.logNonMaxMass(tf, logits, classes);
        Operand<TFloat32> l = tf.math.softplus(s);
        Operand<TFloat32> logL = tf.select(tf.math.less(s, GraphOps.scalar(tf, SMALL)), s, tf.math.log(l));
        Operand<TInt32> col = tf.constant(new int[] {-1, 1});
        Operand<TFloat32> lCol = tf.reshape(l, col);
        Operand<TFloat32> logLCol = tf.math.add(tf.zerosLike(z), tf.reshape(logL, col));
        Operand<TFloat32> top = GraphOps.topKMask(tf, logits, 1, classes);
        Operand<TFloat32> logMinusLogP = tf.select(tf.math.greater(top, GraphOps.scalar(tf, 0.5)), logLCol,
                tf.math.log(tf.math.sub(lCol, z)));
        return GraphOps.logSumExp(tf, tf.math.add(tf.math.sub(z, lCol), logMinusLogP), 1.0);
    }

    @Override
    double score(double[] logits) {
        int top = RefMath.argMax(logits);
        double s = RefMath.logNonMaxMass(logits);
        double l = s > 30 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s));
        double logL = s < SMALL ? s : Math.log(l);
        double[] t = new double[logits.length];
        for (int c = 0; c < t.length; c++) {
            double z = logits[c] - logits[top];
            t[c] = z - l + (c == top ? logL : Math.log(l - z));
        }
        return RefMath.logSumExp(t, 1.0);
    }
}
