package dev.oodbench.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Graph building blocks (NHWC): convolution, fused batch norm, dense, pooling. One instance builds
 * one branch over a network's parameters, in one of three forms:
 * <ul>
 * <li>training: batch statistics, collecting the moving-average updates;
 * <li>evaluation ({@code training == false}): the stored moving statistics, one variable per weight
 *     and statistic (the training export, which {@code --init-from} reads);
 * <li>inference ({@link #inference}): from trained values, batch norm folded into the preceding
 *     convolution's kernel and bias in Java, every convolution written as Conv2D -> BiasAdd
 *     (-> Relu), the form TensorFlow's CPU remapper fuses into one kernel, weights as constants.
 * </ul>
 */
public final class Layers {
    /** Momentum of the batch-norm moving averages (PyTorch's 0.1 update = 0.9 keep). */
    public static final float BN_MOMENTUM = 0.9f;
    public static final float BN_EPSILON = 1e-5f;

    private final Ops tf;
    private final Params params;
    private final boolean training;
    private final Map<String, float[]> trained;
    private final InferenceForm form;
    private final List<Op> statUpdates = new ArrayList<>();

    /** How ResNet's option-A shortcut subsamples and pads (see {@link #shortcutA}). */
    public enum Shortcut { MAXPOOL_PAD, SLICE_PAD, CONV1X1 }

    /**
     * Choices of the inference form that were measured (README, Runtime settings): the shortcut's
     * ops and whether the folded weights are constants in the graph or variables restored at load.
     */
    public record InferenceForm(Shortcut shortcut, boolean variables) {
        /** The shipped form: the measured best. */
        public static final InferenceForm DEFAULT = new InferenceForm(Shortcut.CONV1X1, false);
    }

    public Layers(Ops tf, Params params, boolean training) {
        this(tf, params, training, null, null);
    }

    private Layers(Ops tf, Params params, boolean training, Map<String, float[]> trained, InferenceForm form) {
        this.tf = tf;
        this.params = params;
        this.training = training;
        this.trained = trained;
        this.form = form;
    }

    /**
     * The inference form, built from {@code trained} values (by {@link Params} name, as
     * {@link SavedModelWeights#read} gives them): batch norm folded, weights as {@code form} says.
     */
    public static Layers inference(Ops tf, Map<String, float[]> trained, InferenceForm form) {
        return new Layers(tf, null, false, trained, form);
    }

    private boolean folded() { return trained != null; }

    public Ops tf() { return tf; }

    /** Moving-average updates of the batch-norm statistics, to run with each training step. */
    public List<Op> statUpdates() { return statUpdates; }

    public Operand<TFloat32> conv(String name, Operand<TFloat32> x, int k, int cin, int cout, int stride, boolean bias) {
        Shape kernel = Shape.of(k, k, cin, cout);
        if (folded()) {
            return convBias(name, x, value(name + "/kernel", kernel), bias ? value(name + "/bias", Shape.of(cout))
                    : new float[cout], kernel, stride);
        }
        Variable<TFloat32> w = params.get(name + "/kernel", kernel, Params.Init.HE_NORMAL, true, true);
        Operand<TFloat32> y = tf.nn.conv2d(x, w, strides(stride), "SAME");
        if (bias) {
            Variable<TFloat32> b = params.get(name + "/bias", Shape.of(cout), Params.Init.ZEROS, true, false);
            y = tf.nn.biasAdd(y, b);
        }
        return y;
    }

    /**
     * A bias-free convolution followed by batch norm. In the inference form the batch norm is folded
     * into the kernel and a bias: with {@code s = gamma / sqrt(moving_variance + eps)}, kernel
     * {@code W * s} (per output channel) and bias {@code beta - moving_mean * s}, computed in double.
     */
    public Operand<TFloat32> convBn(String convName, String bnName, Operand<TFloat32> x, int k, int cin, int cout, int stride) {
        if (!folded()) {
            return batchNorm(bnName, conv(convName, x, k, cin, cout, stride, false), cout);
        }
        Shape kernel = Shape.of(k, k, cin, cout);
        float[] w = value(convName + "/kernel", kernel);
        float[] gamma = value(bnName + "/gamma", Shape.of(cout));
        float[] beta = value(bnName + "/beta", Shape.of(cout));
        float[] mean = value(bnName + "/moving_mean", Shape.of(cout));
        float[] var = value(bnName + "/moving_variance", Shape.of(cout));
        double[] scale = new double[cout];
        float[] bias = new float[cout];
        for (int c = 0; c < cout; c++) {
            scale[c] = gamma[c] / Math.sqrt((double) var[c] + BN_EPSILON);
            bias[c] = (float) (beta[c] - mean[c] * scale[c]);
        }
        float[] fw = new float[w.length];
        for (int i = 0; i < w.length; i++) fw[i] = (float) (w[i] * scale[i % cout]); // HWIO: output channel last
        return convBias(convName, x, fw, bias, kernel, stride);
    }

    private Operand<TFloat32> convBias(String name, Operand<TFloat32> x, float[] w, float[] b, Shape kernel, int stride) {
        Operand<TFloat32> y = tf.nn.conv2d(x, constant(name + "/kernel", kernel, w), strides(stride), "SAME");
        return tf.nn.biasAdd(y, constant(name + "/bias", Shape.of(b.length), b));
    }

    /**
     * ResNet's option-A shortcut when the shape changes: subsample by {@code stride} and zero-pad the
     * new channels evenly on both sides. The inference form is one 1x1 strided convolution whose
     * kernel is the fixed 0/1 matrix that copies channel i to channel i + pad (no Pad op, and the
     * convolution's strided read replaces the subsampling).
     */
    public Operand<TFloat32> shortcutA(Operand<TFloat32> x, int cin, int cout, int stride) {
        int pad = (cout - cin) / 2;
        Shortcut how = folded() ? form.shortcut() : Shortcut.MAXPOOL_PAD;
        if (how == Shortcut.CONV1X1) {
            float[] copy = new float[cin * cout];
            for (int i = 0; i < cin; i++) copy[i * cout + i + pad] = 1f;
            return tf.nn.conv2d(x, tf.constant(Shape.of(1, 1, cin, cout), DataBuffers.of(copy, true, false)),
                    strides(stride), "VALID");
        }
        Operand<TFloat32> y = how == Shortcut.SLICE_PAD
                ? tf.stridedSlice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {0, 0, 0, 0}),
                        tf.constant(new int[] {1, stride, stride, 1}), StridedSlice.beginMask(15L), StridedSlice.endMask(15L))
                : tf.nn.maxPool(x, tf.constant(new int[] {1, 1, 1, 1}), tf.constant(new int[] {1, stride, stride, 1}), "VALID");
        return tf.pad(y, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {pad, cout - cin - pad}}), tf.constant(0f));
    }

    private static List<Long> strides(int stride) {
        return List.of(1L, (long) stride, (long) stride, 1L);
    }

    private float[] value(String name, Shape shape) {
        float[] v = trained.get(name);
        if (v == null || v.length != shape.size()) {
            throw new IllegalArgumentException("no trained value of shape " + shape + " for " + name);
        }
        return v;
    }

    private Operand<TFloat32> constant(String name, Shape shape, float[] v) {
        Ops named = Params.named(tf, name);
        if (form.variables()) {
            return named.variable(tf.constant(shape, DataBuffers.of(v, true, false)));
        }
        return named.constant(shape, DataBuffers.of(v, true, false));
    }

    private Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, int channels) {
        Variable<TFloat32> gamma = params.get(name + "/gamma", Shape.of(channels), Params.Init.ONES, true, false);
        Variable<TFloat32> beta = params.get(name + "/beta", Shape.of(channels), Params.Init.ZEROS, true, false);
        Variable<TFloat32> mean = params.get(name + "/moving_mean", Shape.of(channels), Params.Init.ZEROS, false, false);
        Variable<TFloat32> var = params.get(name + "/moving_variance", Shape.of(channels), Params.Init.ONES, false, false);
        if (!training) {
            return tf.nn.fusedBatchNorm(x, gamma, beta, mean, var,
                    FusedBatchNorm.epsilon(BN_EPSILON), FusedBatchNorm.isTraining(false)).y();
        }
        Operand<TFloat32> empty = tf.constant(new float[0]);
        FusedBatchNorm<TFloat32, TFloat32> bn = tf.nn.fusedBatchNorm(x, gamma, beta, empty, empty,
                FusedBatchNorm.epsilon(BN_EPSILON), FusedBatchNorm.isTraining(true));
        statUpdates.add(tf.assign(mean, movingAverage(mean, bn.batchMean())));
        statUpdates.add(tf.assign(var, movingAverage(var, bn.batchVariance())));
        return bn.y();
    }

    private Operand<TFloat32> movingAverage(Operand<TFloat32> moving, Operand<TFloat32> batch) {
        return tf.math.add(tf.math.mul(moving, tf.constant(BN_MOMENTUM)),
                tf.math.mul(tf.stopGradient(batch), tf.constant(1f - BN_MOMENTUM)));
    }

    /** {@code x W + b}, returning the variables too so the final layer can be exported. */
    public Dense dense(String name, Operand<TFloat32> x, int in, int out) {
        Operand<TFloat32> w;
        Operand<TFloat32> b;
        if (folded()) {
            w = constant(name + "/kernel", Shape.of(in, out), value(name + "/kernel", Shape.of(in, out)));
            b = constant(name + "/bias", Shape.of(out), value(name + "/bias", Shape.of(out)));
        } else {
            w = params.get(name + "/kernel", Shape.of(in, out), Params.Init.FAN_IN_UNIFORM, true, true);
            b = params.get(name + "/bias", Shape.of(out), Params.Init.ZEROS, true, false);
        }
        return new Dense(tf.nn.biasAdd(tf.linalg.matMul(x, w), b), w, b);
    }

    public Operand<TFloat32> relu(Operand<TFloat32> x) {
        return tf.nn.relu(x);
    }

    public Operand<TFloat32> maxPool2(Operand<TFloat32> x) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }

    /** Mean over height and width: [N,H,W,C] to [N,C]. */
    public Operand<TFloat32> globalAveragePool(Operand<TFloat32> x) {
        return tf.math.mean(x, tf.constant(new int[] {1, 2}));
    }

    /** Per-channel {@code (x - mean) / std}, the normalisation every shipped model does itself. */
    public Operand<TFloat32> normalise(Operand<TFloat32> x, float[] mean, float[] std) {
        return tf.math.div(tf.math.sub(x, tf.constant(mean)), tf.constant(std));
    }

    /** The output of a dense layer with its weight [in,out] and bias [out]. */
    public record Dense(Operand<TFloat32> output, Operand<TFloat32> weight, Operand<TFloat32> bias) {}
}
