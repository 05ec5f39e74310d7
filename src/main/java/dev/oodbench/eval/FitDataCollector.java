package dev.oodbench.eval;

import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.FitData;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runs a model over its in-distribution training set and keeps what detectors fit on (outputs,
 * labels, final layer; for a model that exports its stage maps also each stage's global average
 * pool per image, in the same pass, the map head, and a stream of the full training maps that runs
 * the model again when a detector asks). Orchestration, so it lives here and not in {@code detect}:
 * detectors take arrays and graphs only. {@link FitDataCache} stores the result.
 */
public final class FitDataCollector {
    private FitDataCollector() {}

    /** Runs {@code trainSet} through {@code model} in batches of {@code batchSize}. */
    public static FitData collect(Classifier model, ImageSet trainSet, int batchSize, IntConsumer progress) {
        return collect(model, trainSet, () -> trainSet, batchSize, progress);
    }

    /** As {@link #collect(Classifier, ImageSet, int, IntConsumer)}, the map stream reloading the set from {@code reload}. */
    static FitData collect(Classifier model, ImageSet trainSet, Supplier<ImageSet> reload, int batchSize,
                           IntConsumer progress) {
        if (!model.hasMaps()) {
            Outputs o = model.run(trainSet, batchSize, progress);
            return new FitData(o, trainSet.labels().clone(), model.finalWeight(), model.finalBias());
        }
        Classifier.Forward f = model.runWithMaps(trainSet, batchSize, true, progress);
        return new FitData(f.outputs(), trainSet.labels().clone(), model.finalWeight(), model.finalBias())
                .withMaps(f.maps(), model.mapHead(), new TrainingMapStream(model, reload, batchSize));
    }
}
