package dev.oodbench.detect;

import dev.oodbench.model.StageMaps;
import java.util.List;
import java.util.function.Function;

/**
 * The full stage maps of the in-distribution training images, streamed in batches (too large to
 * keep: 50,000 ResNet-20 images hold 1.3 GB of maps). Detectors that fit on full maps (Gram
 * matrices) call it; running the model is {@code eval}'s job, which implements it.
 */
@FunctionalInterface
public interface TrainingMaps {
    /** Calls {@code batch} with consecutive batches in training-set order; {@code from} indexes the labels. */
    void forEachBatch(Batch batch);

    /**
     * What a detector's fit reduces the maps to, computed by {@code reduce} over this stream or the copy
     * kept from an earlier identical reduction. {@code key} names the reduction and every parameter it
     * depends on besides the model and the training set (e.g. {@code gram-ranges-v1-powers5}). This
     * default computes it every time; eval's stream keeps each summary on disk beside the fit data
     * (keyed by the model's files and the training set), so a later fit skips the pass.
     */
    default Summary summary(String key, Function<TrainingMaps, Summary> reduce) {
        return reduce.apply(this);
    }

    /** A reduction of the training maps: the stages it read (names and channels) and its tables of numbers. */
    record Summary(List<String> stages, int[] channels, double[][][] tables) {
        public Summary {
            if (stages.size() != channels.length) {
                throw new IllegalArgumentException(stages.size() + " stage names but " + channels.length + " widths");
            }
            stages = List.copyOf(stages);
        }
    }

    /** One batch of training maps. */
    @FunctionalInterface
    interface Batch {
        void accept(int from, StageMaps maps);
    }
}
