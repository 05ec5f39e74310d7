package dev.oodbench.detect;

import dev.oodbench.data.ImageSet;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
import java.util.function.IntConsumer;

/**
 * What detectors fit on: the model's outputs on in-distribution training images, their labels, and
 * the final dense layer (logits = features x weight + bias; weight [dim, classes] row-major).
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

    /** Runs {@code trainSet} through {@code model} in batches and keeps what detectors fit on. */
    public static FitData collect(Classifier model, ImageSet trainSet, int batchSize, IntConsumer progress) {
        Outputs o = model.run(trainSet, batchSize, progress);
        return new FitData(o, trainSet.labels().clone(), model.finalWeight(), model.finalBias());
    }
}
