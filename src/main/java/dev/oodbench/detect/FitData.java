package dev.oodbench.detect;

import dev.oodbench.model.Outputs;

/**
 * What detectors fit on: the model's outputs on in-distribution training images, their labels, and
 * the final dense layer (logits = features x weight + bias; weight [dim, classes] row-major).
 * Running the model to get them is {@code eval}'s job ({@code FitDataCollector}).
 */
public record FitData(Outputs train, int[] labels, float[] weight, float[] bias) {
    public FitData {
        if (labels.length != train.n()) {
            throw new IllegalArgumentException(train.n() + " training outputs but " + labels.length + " labels");
        }
        if (weight.length != train.dim() * train.classes() || bias.length != train.classes()) {
            throw new IllegalArgumentException("final layer must be [" + train.dim() + "," + train.classes()
                    + "] + [" + train.classes() + "], got " + weight.length + " + " + bias.length + " values");
        }
    }

    public int dim() { return train.dim(); }

    /** Class {@code c}'s weight vector {@code w_c} (column c of the [dim, classes] weight), in float64. */
    public double[] classWeight(int c) {
        double[] w = new double[dim()];
        for (int d = 0; d < w.length; d++) w[d] = weight[d * classes() + c];
        return w;
    }
    public int classes() { return train.classes(); }
}
