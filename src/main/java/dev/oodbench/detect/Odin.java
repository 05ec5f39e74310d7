package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
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
public class Odin implements Detector {
    private final String name;
    private final double temperature;
    private final double epsilon;
    private final boolean largestGradientOnly;

    public static final double DEFAULT_TEMPERATURE = 1000;
    public static final double DEFAULT_EPSILON = 0.0014;

    public Odin() {
        this(DEFAULT_TEMPERATURE, DEFAULT_EPSILON);
    }

    public Odin(double temperature, double epsilon) {
        this("odin", temperature, epsilon, false);
    }

    /** {@code largestGradientOnly}: perturb only each image's input element of largest gradient magnitude (iODIN). */
    Odin(String name, double temperature, double epsilon, boolean largestGradientOnly) {
        if (!(temperature > 0)) throw new IllegalArgumentException("odin: temperature must be > 0, got " + temperature);
        if (!(epsilon >= 0)) throw new IllegalArgumentException("odin: epsilon must be >= 0, got " + epsilon);
        this.name = name;
        this.temperature = temperature;
        this.epsilon = epsilon;
        this.largestGradientOnly = largestGradientOnly;
    }

    @Override public String name() { return name; }

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
        Operand<TFloat32> step = tf.math.mul(GraphOps.scalar(tf, epsilon), sign);
        if (largestGradientOnly) {
            // a one-hot of each image's largest |gradient| element (TopK: the lowest index on ties)
            Operand<TFloat32> flat = tf.reshape(tf.math.abs(grad), tf.constant(new long[] {-1, imageSize(g)}));
            Operand<TFloat32> mask = GraphOps.topKMask(tf, flat, 1, Math.toIntExact(imageSize(g)));
            step = tf.math.mul(step, tf.reshape(mask, tf.shape(grad)));
        }
        return tf.math.sub(g.images(), step);
    }

    private static long imageSize(ScoreGraph g) {
        Shape s = g.images().shape();
        return s.get(1) * s.get(2) * s.get(3);
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
