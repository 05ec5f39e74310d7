package dev.oodbench.suite;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.detect.FitData;
import dev.oodbench.eval.FitDataCache;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ModelCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What every benchmark sets up once per trial: the model on its device with the fork's thread
 * count, the ID training outputs (from {@link FitDataCache}), and a batch of ID test images.
 */
public final class Workloads {
    public static final int FIT_BATCH = 500;

    private Workloads() {}

    public static Classifier load(String model, String device, int threads) {
        return Classifier.load(ModelCatalog.path(model), Device.parse(device), threads, threads == 0 ? 0 : 1);
    }

    public static FitData fitData(Classifier model, String name) throws IOException {
        Path dir = ModelCatalog.path(name);
        return FitDataCache.standard().get(model, dir, ModelCatalog.entry(name).trainSet(), FIT_BATCH, n -> { });
    }

    /** The detector a spec names ({@code vim} or {@code knn:bank_fraction=0.25}), fitted when it needs it. */
    public static Detector fitted(String detector, FitData data) {
        Detector d = DetectorCatalog.parseList(detector).get(0);
        if (d.needsFit()) d.fit(data);
        return d;
    }

    /** The first {@code n} ID test images of {@code model} (repeated when the set is smaller), NHWC. */
    public static float[] batch(String model, int n) throws IOException {
        ImageSet test = DatasetCatalog.load(ModelCatalog.entry(model).testSet());
        int per = test.imageSize();
        float[] out = new float[n * per];
        for (int i = 0; i < n; i++) test.copyImage(i % test.size(), out, i * per);
        return out;
    }

    public static ImageSet batchSet(String model, int n) throws IOException {
        ImageSet test = DatasetCatalog.load(ModelCatalog.entry(model).testSet());
        return new ImageSet(test.name(), test.height(), test.width(), test.channels(), batch(model, n),
                Arrays.copyOf(test.labels(), n));
    }
}
