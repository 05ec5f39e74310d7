package dev.oodbench.eval;

import dev.oodbench.data.Batches;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.TrainingMaps;
import dev.oodbench.model.Classifier;
import java.util.function.Supplier;

/**
 * The training images' full stage maps, computed batch by batch when a detector asks (Gram's fit):
 * 50,000 ResNet-20 maps are 1.3 GB, too large to cache or keep. The image set is loaded on each
 * pass (from the dataset cache), so fit data read from {@link FitDataCache} does not hold it.
 */
final class TrainingMapStream implements TrainingMaps {
    private final Classifier model;
    private final Supplier<ImageSet> images;
    private final int batchSize;

    TrainingMapStream(Classifier model, Supplier<ImageSet> images, int batchSize) {
        this.model = model;
        this.images = images;
        this.batchSize = batchSize;
    }

    @Override
    public void forEachBatch(Batch batch) {
        ImageSet set = images.get();
        model.checkShape(set);
        for (Batches.Batch b : Batches.of(set, batchSize)) {
            batch.accept(b.from(), model.runWithMaps(b.pixels(), b.size(), false).maps());
        }
    }
}
