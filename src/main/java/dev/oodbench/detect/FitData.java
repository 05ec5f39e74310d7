package dev.oodbench.detect;

import dev.oodbench.model.MapHead;
import dev.oodbench.model.Outputs;
import dev.oodbench.model.StageMaps;

/**
 * What detectors fit on: the model's outputs on in-distribution training images, their labels, the
 * final dense layer (logits = features x weight + bias; weight [dim, classes] row-major), and for
 * the detectors that read stage maps: each stage's global average pool per training image
 * ({@code pooledStages}, [1,1,C] maps; MDS-ensemble), the layers between the last map and the
 * features ({@code mapHead}; ASH/SCALE on the map, RankFeat) and a stream of the full training maps
 * ({@code trainingMaps}; Gram). Those three are null when not collected; a detector that needs one
 * fails clearly. Running the model to get them is {@code eval}'s job ({@code FitDataCollector}).
 */
public record FitData(Outputs train, int[] labels, float[] weight, float[] bias, StageMaps pooledStages,
                      MapHead mapHead, TrainingMaps trainingMaps) {
    public FitData {
        if (labels.length != train.n()) {
            throw new IllegalArgumentException(train.n() + " training outputs but " + labels.length + " labels");
        }
        if (weight.length != train.dim() * train.classes() || bias.length != train.classes()) {
            throw new IllegalArgumentException("final layer must be [" + train.dim() + "," + train.classes()
                    + "] + [" + train.classes() + "], got " + weight.length + " + " + bias.length + " values");
        }
        if (pooledStages != null && pooledStages.n() != train.n()) {
            throw new IllegalArgumentException(train.n() + " training outputs but " + pooledStages.n() + " pooled stage rows");
        }
    }

    /** Fit data without stage maps (enough for every detector that reads logits and features only). */
    public FitData(Outputs train, int[] labels, float[] weight, float[] bias) {
        this(train, labels, weight, bias, null, null, null);
    }

    /** This fit data with the map parts added (or replaced). */
    public FitData withMaps(StageMaps pooled, MapHead head, TrainingMaps maps) {
        return new FitData(train, labels, weight, bias, pooled, head, maps);
    }

    public int dim() { return train.dim(); }

    /** Class {@code c}'s weight vector {@code w_c} (column c of the [dim, classes] weight), in float64. */
    public double[] classWeight(int c) {
        double[] w = new double[dim()];
        for (int d = 0; d < w.length; d++) w[d] = weight[d * classes() + c];
        return w;
    }
    public int classes() { return train.classes(); }

    /** {@link #pooledStages}, or a clear error naming {@code detector}. */
    public StageMaps requirePooledStages(String detector) {
        if (pooledStages == null) throw missing(detector, "the pooled stage maps of the training images");
        return pooledStages;
    }

    /** {@link #mapHead}, or a clear error naming {@code detector}. */
    public MapHead requireMapHead(String detector) {
        if (mapHead == null) throw missing(detector, "the model's map head (the layers after the last stage map)");
        return mapHead;
    }

    /** {@link #trainingMaps}, or a clear error naming {@code detector}. */
    public TrainingMaps requireTrainingMaps(String detector) {
        if (trainingMaps == null) throw missing(detector, "a stream of the training images' stage maps");
        return trainingMaps;
    }

    private static IllegalArgumentException missing(String detector, String what) {
        return new IllegalArgumentException("detector " + detector + " fits on " + what + ", which this fit data lacks; "
                + "collect it with eval's FitDataCollector from a model that exports its stage maps");
    }
}
