package dev.oodbench.detect;

import dev.oodbench.model.StageMaps;

/**
 * The full stage maps of the in-distribution training images, streamed in batches (too large to
 * keep: 50,000 ResNet-20 images hold 1.3 GB of maps). Detectors that fit on full maps (Gram
 * matrices) call it; running the model is {@code eval}'s job, which implements it.
 */
@FunctionalInterface
public interface TrainingMaps {
    /** Calls {@code batch} with consecutive batches in training-set order; {@code from} indexes the labels. */
    void forEachBatch(Batch batch);

    /** One batch of training maps. */
    @FunctionalInterface
    interface Batch {
        void accept(int from, StageMaps maps);
    }
}
