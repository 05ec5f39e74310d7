package dev.oodbench.detect;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.core.Sum;
import org.tensorflow.op.nn.TopK;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** In-graph building blocks shared by detectors (rows = images, reductions over axis 1). */
public final class GraphOps {
    private GraphOps() {}

    /** A float32 constant of the given shape from a row-major array (fitted statistics). */
    public static Operand<TFloat32> constant(Ops tf, float[] values, long... shape) {
        return tf.constant(Shape.of(shape), DataBuffers.of(values, true, false));
    }

    /** A float32 constant from float64 values. */
    public static Operand<TFloat32> constant(Ops tf, double[] values, long... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) f[i] = (float) values[i];
        return constant(tf, f, shape);
    }

    public static Operand<TFloat32> scalar(Ops tf, double v) {
        return tf.constant((float) v);
    }

    public static Operand<TFloat32> rowMax(Ops tf, Operand<TFloat32> x) {
        return tf.max(x, tf.constant(1));
    }

    public static Operand<TFloat32> rowMin(Ops tf, Operand<TFloat32> x) {
        return tf.min(x, tf.constant(1));
    }

    public static Operand<TFloat32> rowSum(Ops tf, Operand<TFloat32> x) {
        return tf.sum(x, tf.constant(1));
    }

    public static Operand<TFloat32> rowMean(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(x, tf.constant(1));
    }

    /** {@code T * log(sum(exp(x / T)))} per row, computed stably (max subtracted first). */
    public static Operand<TFloat32> logSumExp(Ops tf, Operand<TFloat32> x, double temperature) {
        Operand<TFloat32> z = temperature == 1.0 ? x : tf.math.div(x, scalar(tf, temperature));
        Operand<TFloat32> m = tf.max(z, tf.constant(1), Max.keepDims(true));
        Operand<TFloat32> s = rowSum(tf, tf.math.exp(tf.math.sub(z, m)));
        Operand<TFloat32> lse = tf.math.add(tf.math.log(s), tf.reshape(m, tf.constant(new int[] {-1})));
        return temperature == 1.0 ? lse : tf.math.mul(lse, scalar(tf, temperature));
    }

    /** Softmax of {@code x / T} per row. */
    public static Operand<TFloat32> softmax(Ops tf, Operand<TFloat32> x, double temperature) {
        Operand<TFloat32> z = temperature == 1.0 ? x : tf.math.div(x, scalar(tf, temperature));
        return tf.nn.softmax(z);
    }

    /**
     * A k-hot mask [N, dim] of each row's {@code k} largest entries: exactly {@code k} ones per row
     * (TopK breaks ties towards the lower index), so tied values at the cut-off are not all kept.
     */
    public static Operand<TFloat32> topKMask(Ops tf, Operand<TFloat32> x, int k, int dim) {
        Operand<TInt32> idx = tf.nn.topK(x, tf.constant(k), new TopK.Options[0])
                .indices();
        return tf.sum(tf.oneHot(idx, tf.constant(dim), tf.constant(1f), tf.constant(0f)), tf.constant(1));
    }

    /**
     * The same k-hot mask as {@link #topKMask}, built by scattering ones at TopK's indices: [N, dim]
     * memory instead of the one-hot's [N, k, dim], for wide rows (a flattened stage map: ResNet-20's
     * 4,096 values, k = 410 at the 90th percentile, would need 1.7 GB per batch of 256 as one-hots).
     */
    public static Operand<TFloat32> topKMaskScattered(Ops tf, Operand<TFloat32> x, int k) {
        Operand<TInt32> idx = tf.nn.topK(x, tf.constant(k), new TopK.Options[0]).indices(); // [N, k]
        Operand<TInt32> shape = tf.shape(x);
        Operand<TInt32> n = tf.reshape(tf.slice(shape, tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[0]));
        Operand<TInt32> rows = tf.math.mul(tf.onesLike(idx), tf.expandDims(tf.range(tf.constant(0), n, tf.constant(1)),
                tf.constant(1))); // [N, k]: each index's row
        Operand<TInt32> at = tf.stack(java.util.List.of(rows, idx), org.tensorflow.op.core.Stack.axis(2L)); // [N, k, 2]
        return tf.scatterNd(at, tf.onesLike(tf.dtypes.cast(idx, TFloat32.class)), shape);
    }

    /** Row-wise squared L2 norm. */
    public static Operand<TFloat32> rowSquaredNorm(Ops tf, Operand<TFloat32> x) {
        return rowSum(tf, tf.math.square(x));
    }

    /** Rows scaled to unit L2 norm (a tiny epsilon keeps zero rows finite). */
    public static Operand<TFloat32> l2Normalise(Ops tf, Operand<TFloat32> x) {
        Operand<TFloat32> n = tf.math.sqrt(tf.math.add(tf.sum(tf.math.square(x), tf.constant(1),
                Sum.keepDims(true)), scalar(tf, 1e-12)));
        return tf.math.div(x, n);
    }

    /** {@code features x W + b} with the final layer's weight [dim, classes] and bias. */
    public static Operand<TFloat32> linear(Ops tf, Operand<TFloat32> features, float[] weight, float[] bias, int dim,
                                           int classes) {
        return tf.nn.biasAdd(tf.linalg.matMul(features, constant(tf, weight, dim, classes)),
                constant(tf, bias, classes));
    }

    /**
     * {@code log sum_{c != argmax} exp(z_c - z_max)} per row, the log-odds of "not the top class",
     * {@code log((1 - MSP) / MSP)}: computed from the runner-up down (the top class masked by a one-hot
     * TopK, so a tie at the top still counts once), it never rounds to a constant for confident rows
     * the way {@code max softmax} rounds to exactly 1.0 in float32. Needs at least two classes.
     */
    public static Operand<TFloat32> logNonMaxMass(Ops tf, Operand<TFloat32> z, int classes) {
        Operand<TFloat32> top = topKMask(tf, z, 1, classes);
        Operand<TFloat32> rest = tf.math.sub(z, tf.math.mul(top, scalar(tf, 1e30)));
        Operand<TFloat32> m = rowMax(tf, z);
        Operand<TFloat32> lse = logSumExp(tf, rest, 1.0);
        return tf.math.sub(lse, m);
    }

    /**
     * Each row's entry of a per-class table: the one-hot of the row's top logit (lowest index on ties,
     * as {@link RefMath#argMax}) times {@code table} [classes, width], giving [N, width].
     */
    public static Operand<TFloat32> rowOfTopClass(Ops tf, Operand<TFloat32> logits, double[][] table) {
        int classes = table.length;
        int width = table[0].length;
        double[] flat = new double[classes * width];
        for (int c = 0; c < classes; c++) System.arraycopy(table[c], 0, flat, c * width, width);
        return tf.linalg.matMul(topKMask(tf, logits, 1, classes), constant(tf, flat, classes, width));
    }

    /** Row-wise L2 norm. */
    public static Operand<TFloat32> rowNorm(Ops tf, Operand<TFloat32> x) {
        return tf.math.sqrt(rowSquaredNorm(tf, x));
    }

    /** The mean of each row's {@code k} largest entries. */
    public static Operand<TFloat32> topKMean(Ops tf, Operand<TFloat32> x, int k) {
        return rowMean(tf, tf.nn.topK(x, tf.constant(k), new TopK.Options[0]).values());
    }
}
