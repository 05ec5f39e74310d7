package dev.oodbench.detect;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * GEN, the generalised entropy of the top-M softmax probabilities: {@code sum_{j<=M} p_j^g (1 - p_j)^g}
 * (higher = more uncertain = more OOD). Liu et al., "GEN: Pushing the Limits of Softmax-Based
 * Out-of-Distribution Detection", CVPR 2023 (defaults gamma 0.1, M 100, capped at the class count).
 */
public final class Gen extends LogitDetector {
    private final double gamma;
    private final int topM;

    public Gen(double gamma, int topM) {
        if (!(gamma > 0)) throw new IllegalArgumentException("gen: gamma must be > 0, got " + gamma);
        if (topM < 1) throw new IllegalArgumentException("gen: M must be >= 1, got " + topM);
        this.gamma = gamma;
        this.topM = topM;
    }

    @Override public String name() { return "gen"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("gamma", gamma);
        p.put("M", topM);
        return p;
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        Ops tf = g.tf();
        Operand<TFloat32> p = tf.nn.softmax(g.logits());
        Operand<TFloat32> top = tf.nn.topK(p, tf.constant(Math.min(topM, g.classes())),
                new org.tensorflow.op.nn.TopK.Options[0]).values();
        return terms(tf, top);
    }

    @Override
    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        return terms(tf, tf.nn.softmax(logits)); // all classes: used only where M >= classes
    }

    private Operand<TFloat32> terms(Ops tf, Operand<TFloat32> probs) {
        Operand<TFloat32> g = GraphOps.scalar(tf, gamma);
        return GraphOps.rowSum(tf, tf.math.mul(tf.math.pow(probs, g), tf.math.pow(tf.math.sub(GraphOps.scalar(tf, 1), probs), g)));
    }

    @Override
    double score(double[] logits) {
        double[] p = RefMath.softmax(logits, 1.0);
        Arrays.sort(p);
        double s = 0;
        for (int j = 0; j < Math.min(topM, p.length); j++) {
            double v = p[p.length - 1 - j];
            s += Math.pow(v, gamma) * Math.pow(1 - v, gamma);
        }
        return s;
    }
}
