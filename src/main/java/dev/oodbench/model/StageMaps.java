package dev.oodbench.model;

import java.util.List;

/**
 * The stage output maps of a batch of {@code n} images, fetched with its logits and features in one
 * {@code Session.run}: per stage (in depth order, as {@link Classifier#activationNames()}) its name,
 * its shape [H, W, C] and its values [n, H, W, C] as one flat row-major float array. A pooled
 * batch ({@link Classifier#runWithMaps} with {@code pooled}) holds each stage's global average pool,
 * shape [1, 1, C].
 */
public record StageMaps(int n, List<String> names, List<int[]> shapes, List<float[]> values) {
    public StageMaps {
        if (names.size() != shapes.size() || names.size() != values.size()) {
            throw new IllegalArgumentException("stage maps: " + names.size() + " names, " + shapes.size() + " shapes, "
                    + values.size() + " value arrays");
        }
        for (int s = 0; s < names.size(); s++) {
            if (values.get(s).length != (long) n * size(shapes.get(s))) {
                throw new IllegalArgumentException("stage " + names.get(s) + ": " + values.get(s).length + " values for "
                        + n + " maps of " + size(shapes.get(s)));
            }
        }
    }

    public int stages() { return names.size(); }

    /** Values per image of stage {@code s}: H * W * C. */
    public int size(int s) { return size(shapes.get(s)); }

    /** Channels of stage {@code s}. */
    public int channels(int s) { return shapes.get(s)[2]; }

    /** Image {@code i}'s map of stage {@code s}, [H*W*C] in NHWC order, in float64. */
    public double[] map(int s, int i) {
        int size = size(s);
        float[] v = values.get(s);
        double[] out = new double[size];
        for (int j = 0; j < size; j++) out[j] = v[i * size + j];
        return out;
    }

    /** Index of the last stage (the map the features come from). */
    public int last() { return names.size() - 1; }

    /** Joins consecutive batches into one. */
    public static StageMaps concat(List<StageMaps> parts) {
        StageMaps first = parts.get(0);
        int n = 0;
        for (StageMaps p : parts) n += p.n();
        List<float[]> values = new java.util.ArrayList<>();
        for (int s = 0; s < first.stages(); s++) {
            float[] v = new float[n * first.size(s)];
            int at = 0;
            for (StageMaps p : parts) {
                System.arraycopy(p.values().get(s), 0, v, at, p.values().get(s).length);
                at += p.values().get(s).length;
            }
            values.add(v);
        }
        return new StageMaps(n, first.names(), first.shapes(), values);
    }

    private static int size(int[] shape) {
        return shape[0] * shape[1] * shape[2];
    }
}
