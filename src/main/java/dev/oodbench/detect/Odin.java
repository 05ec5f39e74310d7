package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ODIN: temperature scaling plus a small input perturbation that raises the predicted class's
 * softmax, {@code x' = x - eps * sign(grad_x(-log S_pred(x; T)))}, scored as {@code -max softmax(f(x')/T)}
 * (as {@link MaxSoftmax}: in the equivalent form {@code log((1 - MSP) / MSP)}, which does not saturate).
 * Liang et al., "Enhancing The Reliability of Out-of-distribution Image Detection in Neural
 * Networks", ICLR 2018. The gradient is taken in the loaded model's own graph (first
 * {@code Session.run}); the score of the perturbed images is the second. {@code epsilon} is in the
 * model's [0,1] pixel space (papers state it on normalised inputs; divide theirs by the model's
 * std to compare). The perturbed image is not clipped to [0,1], as in the reference code.
 */
public final class Odin implements Detector {
    private final double temperature;
    private final double epsilon;

    public static final double DEFAULT_TEMPERATURE = 1000;
    public static final double DEFAULT_EPSILON = 0.0014;

    public Odin() {
        this(DEFAULT_TEMPERATURE, DEFAULT_EPSILON);
    }

    public Odin(double temperature, double epsilon) {
        if (!(temperature > 0)) throw new IllegalArgumentException("odin: temperature must be > 0, got " + temperature);
        if (!(epsilon >= 0)) throw new IllegalArgumentException("odin: epsilon must be >= 0, got " + epsilon);
        this.temperature = temperature;
        this.epsilon = epsilon;
    }

    @Override public String name() { return "odin"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("temperature", temperature);
        p.put("epsilon", epsilon);
        return p;
    }

    @Override
    public boolean needsFit() {
        return false;
    }

    @Override
    public boolean perturbsInput() {
        return true;
    }

    @Override
    public Operand<TFloat32> inputTransform(ScoreGraph g) {
        Ops tf = g.tf();
        Operand<TFloat32> logp = tf.nn.logSoftmax(tf.math.div(g.logits(), GraphOps.scalar(tf, temperature)));
        // -log S_pred summed over the batch: images do not interact, so each image gets its own gradient
        Operand<TFloat32> loss = tf.math.neg(tf.sum(GraphOps.rowMax(tf, logp), tf.constant(0)));
        Operand<TFloat32> grad = tf.gradients(loss, List.of(g.images())).dy(0);
        // the sign as ODIN's reference code takes it: (grad >= 0) * 2 - 1, so a zero gradient still moves by -eps
        Operand<TFloat32> sign = tf.math.sub(tf.math.mul(tf.dtypes.cast(tf.math.greaterEqual(grad, tf.zerosLike(grad)),
                TFloat32.class), GraphOps.scalar(tf, 2)), GraphOps.scalar(tf, 1));
        return tf.math.sub(g.images(), tf.math.mul(GraphOps.scalar(tf, epsilon), sign));
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        Ops tf = g.tf();
        return GraphOps.logNonMaxMass(tf, tf.math.div(g.logits(), GraphOps.scalar(tf, temperature)), g.classes());
    }

    @Override
    public double[] referenceScores(Outputs o) {
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) {
            double[] z = o.logitRow(n);
            for (int c = 0; c < z.length; c++) z[c] /= temperature;
            s[n] = RefMath.logNonMaxMass(z);
        }
        return s;
    }
}
