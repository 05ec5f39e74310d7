package dev.oodbench.suite;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.detect.FitData;
import dev.oodbench.eval.FitDataCache;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.MatmulKernel;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.model.Outputs;
import dev.oodbench.detect.DetectorScorer;
import dev.oodbench.results.Benchmark;
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
        return fitData(model, name, ModelCatalog.path(name));
    }

    /** The ID training outputs of catalog model {@code name} loaded from {@code dir} (cached per model content). */
    public static FitData fitData(Classifier model, String name, Path dir) throws IOException {
        return FitDataCache.standard().get(model, dir, ModelCatalog.entry(name).trainSet(), FIT_BATCH, n -> { });
    }

    /**
     * A workload ready to time: model loaded from {@code modelsDir/<model>}, detector fitted, batch in
     * memory, run once. Every call of {@code run()} is one timed operation (one batch).
     */
    public static Workload open(WorkloadSpec w, Path modelsDir) throws IOException {
        if (w.benchmark().equals(WorkloadSpec.CALIBRATION)) {
            MatmulKernel k = new MatmulKernel(MatmulKernel.DEFAULT_SIZE, Device.parse(w.device()));
            return new Workload(k, k);
        }
        Benchmark b = Benchmark.of(w.benchmark());
        if (!b.batched() || b == Benchmark.PIPELINE) {
            throw new IllegalArgumentException("benchmark " + b.id() + " cannot be interleaved; use forward, score or head");
        }
        Path dir = modelsDir.resolve(w.model());
        ModelCatalog.entry(w.model());
        Classifier c = Classifier.load(dir, Device.parse(w.device()), w.threads(), w.threads() == 0 ? 0 : 1);
        try {
            float[] images = batch(w.model(), w.batch());
            int n = w.batch();
            Runnable op;
            if (b == Benchmark.FORWARD) {
                op = () -> c.run(images, n);
            } else {
                DetectorScorer s = new DetectorScorer(c, fitted(w.detector(), fitData(c, w.model(), dir)));
                if (b == Benchmark.SCORE) {
                    op = () -> s.score(images, n);
                } else {
                    Outputs o = c.run(images, n);
                    op = () -> s.scoreOutputs(o);
                }
            }
            op.run();
            return new Workload(op, c);
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** One timed operation and what to close after it. */
    public record Workload(Runnable op, AutoCloseable resource) implements Runnable, AutoCloseable {
        @Override
        public void run() {
            op.run();
        }

        @Override
        public void close() throws Exception {
            resource.close();
        }
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
