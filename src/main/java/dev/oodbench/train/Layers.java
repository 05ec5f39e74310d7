package dev.oodbench.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * Graph building blocks (NHWC): convolution, fused batch norm, dense, pooling. One instance builds
 * one branch: {@code training} picks batch statistics (and collects the moving-average updates)
 * or the stored moving statistics.
 */
public final class Layers {
    /** Momentum of the batch-norm moving averages (PyTorch's 0.1 update = 0.9 keep). */
    public static final float BN_MOMENTUM = 0.9f;
    public static final float BN_EPSILON = 1e-5f;

    private final Ops tf;
    private final Params params;
    private final boolean training;
    private final List<Op> statUpdates = new ArrayList<>();

    public Layers(Ops tf, Params params, boolean training) {
        this.tf = tf;
        this.params = params;
        this.training = training;
    }

    public Ops tf() { return tf; }

    /** Moving-average updates of the batch-norm statistics, to run with each training step. */
    public List<Op> statUpdates() { return statUpdates; }

    public Operand<TFloat32> conv(String name, Operand<TFloat32> x, int k, int cin, int cout, int stride, boolean bias) {
        Variable<TFloat32> w = params.get(name + "/kernel", Shape.of(k, k, cin, cout), Params.Init.HE_NORMAL, true, true);
        Operand<TFloat32> y = tf.nn.conv2d(x, w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
        if (bias) {
            Variable<TFloat32> b = params.get(name + "/bias", Shape.of(cout), Params.Init.ZEROS, true, false);
            y = tf.nn.biasAdd(y, b);
        }
        return y;
    }

    public Operand<TFloat32> batchNorm(String name, Operand<TFloat32> x, int channels) {
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
        Variable<TFloat32> w = params.get(name + "/kernel", Shape.of(in, out), Params.Init.FAN_IN_UNIFORM, true, true);
        Variable<TFloat32> b = params.get(name + "/bias", Shape.of(out), Params.Init.ZEROS, true, false);
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
    public record Dense(Operand<TFloat32> output, Variable<TFloat32> weight, Variable<TFloat32> bias) {}
}
