package dev.oodbench.detect;

import dev.oodbench.model.MapHead;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The rest of the network after the last stage map, run again on a reshaped map: the {@link MapHead}
 * (global average pool, or flatten in NHWC order then dense + ReLU layers) to the features, then the
 * final layer to logits. In the graph and in float64 alike; map detectors (ASH/SCALE on the map,
 * RankFeat) share it.
 */
final class MapNetwork {
    private final MapHead head;
    private final int[] shape; // [H, W, C] of the last map
    private final float[] weight;
    private final float[] bias;
    private final int dim;

    MapNetwork(MapHead head, int[] shape, float[] weight, float[] bias, int dim) {
        int flat = shape[0] * shape[1] * shape[2];
        int in = head.flatten() ? head.inputWidth(0) : shape[2];
        if (in != (head.flatten() ? flat : shape[2])) {
            throw new IllegalArgumentException("map head reads " + in + " values but the last map holds " + flat);
        }
        int out = head.flatten() ? head.width(head.weights().size() - 1) : shape[2];
        if (out != dim) {
            throw new IllegalArgumentException("map head gives " + out + "-d features but the final layer reads " + dim);
        }
        this.head = head;
        this.shape = shape.clone();
        this.weight = weight;
        this.bias = bias;
        this.dim = dim;
    }

    /** The network for the last map of a fitted model: its map head, the last map's shape, the final layer. */
    static MapNetwork of(FitData data, List<int[]> shapes, String detector) {
        if (shapes.isEmpty()) throw new IllegalArgumentException("detector " + detector + ": no stage maps");
        return new MapNetwork(data.requireMapHead(detector), shapes.get(shapes.size() - 1), data.weight(), data.bias(),
                data.dim());
    }

    int[] shape() { return shape.clone(); }

    /** Values per map, H * W * C. */
    int size() { return shape[0] * shape[1] * shape[2]; }

    /** Throws unless {@code s} is the shape this network was built for. */
    void requireShape(int[] s, String detector) {
        if (s[0] != shape[0] || s[1] != shape[1] || s[2] != shape[2]) {
            throw new IllegalArgumentException("detector " + detector + " was fitted for a " + shape[0] + "x" + shape[1] + "x"
                    + shape[2] + " last map but is given " + s[0] + "x" + s[1] + "x" + s[2] + "; fit it on the same model");
        }
    }

    /** Logits [N, classes] from maps [N, H*W*C] (NHWC order, flattened per image). */
    Operand<TFloat32> logits(Ops tf, Operand<TFloat32> flatMaps) {
        Operand<TFloat32> h;
        if (head.flatten()) {
            h = flatMaps;
            for (int i = 0; i < head.weights().size(); i++) {
                h = tf.nn.relu(GraphOps.linear(tf, h, head.weights().get(i), head.biases().get(i), head.inputWidth(i),
                        head.width(i)));
            }
        } else {
            Operand<TFloat32> m = tf.reshape(flatMaps, tf.constant(new int[] {-1, shape[0] * shape[1], shape[2]}));
            h = tf.math.mean(m, tf.constant(1));
        }
        return GraphOps.linear(tf, h, weight, bias, dim, bias.length);
    }

    /** Features of one map [H*W*C] (NHWC order), in float64. */
    double[] features(double[] map) {
        if (head.flatten()) {
            double[] h = map;
            for (int i = 0; i < head.weights().size(); i++) {
                h = RefMath.linear(h, head.weights().get(i), head.biases().get(i), head.width(i));
                for (int j = 0; j < h.length; j++) h[j] = Math.max(0, h[j]);
            }
            return h;
        }
        int c = shape[2];
        int hw = shape[0] * shape[1];
        double[] f = new double[c];
        for (int p = 0; p < hw; p++) for (int k = 0; k < c; k++) f[k] += map[p * c + k];
        for (int k = 0; k < c; k++) f[k] /= hw;
        return f;
    }

    /** Logits of one map, in float64. */
    double[] logits(double[] map) {
        return RefMath.linear(features(map), weight, bias, bias.length);
    }
}
