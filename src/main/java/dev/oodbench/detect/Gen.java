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

    public static final double DEFAULT_GAMMA = 0.1;
    public static final int DEFAULT_M = 100;

    public Gen() {
        this(DEFAULT_GAMMA, DEFAULT_M);
    }

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
        int c = g.classes();
        Operand<TFloat32> p = tf.nn.softmax(g.logits());
        // only the top-M classes count
        return GraphOps.rowSum(tf, tf.math.mul(terms(tf, p, c), GraphOps.topKMask(tf, p, Math.min(topM, c), c)));
    }

    @Override
    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        return GraphOps.rowSum(tf, terms(tf, tf.nn.softmax(logits), -1)); // all classes: used only where M >= classes
    }

    /**
     * p^gamma (1 - p)^gamma per class. 1 - p is taken as the sum of the other classes' probabilities
     * (probs x (ones - identity)): in float32, 1 - p of a confident prediction rounds to 0, and
     * (1 - p)^gamma with gamma = 0.1 turns that rounding into a large error.
     */
    private Operand<TFloat32> terms(Ops tf, Operand<TFloat32> probs, int classes) {
        int c = classes > 0 ? classes : Math.toIntExact(probs.shape().get(1));
        float[][] others = new float[c][c];
        for (int i = 0; i < c; i++) for (int j = 0; j < c; j++) others[i][j] = i == j ? 0f : 1f;
        Operand<TFloat32> complement = tf.linalg.matMul(probs, tf.constant(others));
        Operand<TFloat32> g = GraphOps.scalar(tf, gamma);
        return tf.math.mul(tf.math.pow(probs, g), tf.math.pow(complement, g));
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
