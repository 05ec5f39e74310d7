package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * GradNorm: the L1 norm of the gradient of the KL divergence between the softmax and the uniform
 * distribution with respect to the final layer's weights. Huang, Geng and Li, "On the Importance of
 * Gradients for Detecting Distributional Shifts in the Wild", NeurIPS 2021.
 *
 * <p>As OpenOOD v1.5's postprocessor, the loss is {@code sum_c -log softmax(f(x))_c} (all-ones
 * targets) on the final layer {@code W^T h + b}; its gradient with respect to {@code W[c, d]} is
 * {@code (C p_c - 1) h_d}, so the L1 norm has the closed form {@code (sum_c |C p_c - 1|) (sum_d |h_d|)}:
 * no backward pass is needed, and the in-graph score is that product. OpenOOD reports it as a
 * confidence (higher = ID); the score here is its negative. No fit, no hyper-parameters.
 */
public final class GradNorm implements Detector {
    @Override public String name() { return "gradnorm"; }

    @Override
    public Map<String, Object> params() {
        return new LinkedHashMap<>();
    }

    @Override
    public boolean needsFit() {
        return false;
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        Ops tf = g.tf();
        Operand<TFloat32> p = tf.nn.softmax(g.logits());
        Operand<TFloat32> logitPart = GraphOps.rowSum(tf, tf.math.abs(tf.math.sub(
                tf.math.mul(p, GraphOps.scalar(tf, g.classes())), GraphOps.scalar(tf, 1))));
        Operand<TFloat32> featurePart = GraphOps.rowSum(tf, tf.math.abs(g.features()));
        return tf.math.neg(tf.math.mul(logitPart, featurePart));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) {
            double[] p = RefMath.softmax(o.logitRow(n), 1.0);
            double a = 0;
            for (double v : p) a += Math.abs(p.length * v - 1);
            double b = 0;
            for (double v : o.featureRow(n)) b += Math.abs(v);
            s[n] = -a * b;
        }
        return s;
    }

    @Override
    public String toString() {
        return name();
    }
}
