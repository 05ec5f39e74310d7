package dev.oodbench.eval;

import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.FitData;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
import java.util.function.IntConsumer;

/**
 * Runs a model over its in-distribution training set and keeps what detectors fit on (outputs,
 * labels, final layer). Orchestration, so it lives here and not in {@code detect}: detectors take
 * arrays and graphs only. {@link FitDataCache} stores the result.
 */
public final class FitDataCollector {
    private FitDataCollector() {}

    /** Runs {@code trainSet} through {@code model} in batches of {@code batchSize}. */
    public static FitData collect(Classifier model, ImageSet trainSet, int batchSize, IntConsumer progress) {
        Outputs o = model.run(trainSet, batchSize, progress);
        return new FitData(o, trainSet.labels().clone(), model.finalWeight(), model.finalBias());
    }
}
