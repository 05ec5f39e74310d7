package dev.oodbench.model;

import java.util.List;

/**
 * The part of a model between its last stage map and its penultimate features, which detectors
 * that reshape the map (ASH, SCALE, RankFeat on the map) run again: either the map's global
 * average pool ({@code flatten} false, no layers: ResNet-20) or the map flattened in NHWC order
 * through dense layers, each followed by ReLU ({@code flatten} true: the MNIST convnet's dense1).
 * Weights are row-major [in, out], as the final layer's.
 */
public record MapHead(boolean flatten, List<float[]> weights, List<float[]> biases) {
    public MapHead {
        if (weights.size() != biases.size()) {
            throw new IllegalArgumentException("map head: " + weights.size() + " weights but " + biases.size() + " biases");
        }
        if (flatten == weights.isEmpty()) {
            throw new IllegalArgumentException("map head: a flattening head needs dense layers, a pooling head has none");
        }
    }

    /** The global-average-pool head. */
    public static MapHead averagePool() {
        return new MapHead(false, List.of(), List.of());
    }

    /** Output width of dense layer {@code i}. */
    public int width(int i) {
        return biases.get(i).length;
    }

    /** Input width of dense layer {@code i}. */
    public int inputWidth(int i) {
        return weights.get(i).length / width(i);
    }
}
