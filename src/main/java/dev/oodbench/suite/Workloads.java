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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What every benchmark sets up once per trial: the model on its device with the fork's thread
 * count, the ID training outputs (from {@link FitDataCache}), and a batch of ID test images.
 */
public final class Workloads {
    public static final int FIT_BATCH = 500;

    /**
     * Detectors fitted in this process, by model folder and detector spec: the groups of one fork (one
     * per batch size) score with the same fitted detector instead of fitting it again for each group
     * (a fit depends on the model's training outputs only; its ops are built anew in each graph).
     */
    private static final Map<String, Detector> FITTED = new ConcurrentHashMap<>();

    /**
     * Models loaded in this process (by folder, device and threads) and the scorers built on them, kept
     * for the process's life: every group of a fork (one per batch size) times the same loaded graph,
     * whose executors TensorFlow caches per fetch, so only the first group pays for building the
     * detectors' ops and preparing each fetch (about a minute with every detector on ResNet-20 here).
     * Forks are short-lived processes, so nothing accumulates beyond one.
     */
    private static final Map<String, Classifier> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, DetectorScorer> SCORERS = new ConcurrentHashMap<>();

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

    /** The detector a spec names ({@code vim} or {@code knn:bank_fraction=0.25}), fitted when it needs it. */
    public static Detector fitted(String detector, FitData data) {
        Detector d = DetectorCatalog.parseList(detector).get(0);
        if (d.needsFit()) d.fit(data);
        return d;
    }

    /** Test sets read in this process, by model: each of a group's workloads takes its batch from one read. */
    private static final Map<String, ImageSet> TEST_SETS = new ConcurrentHashMap<>();

    private static ImageSet testSet(String model) throws IOException {
        return cached(TEST_SETS, model, () -> DatasetCatalog.load(ModelCatalog.entry(model).testSet()));
    }

    /** Fit data read in this process, by model folder: one read serves every group of a fork. */
    private static final Map<String, FitData> FIT_DATA = new ConcurrentHashMap<>();

    private static FitData cachedFitData(Classifier model, String name, Path dir) throws IOException {
        return cached(FIT_DATA, dir.toAbsolutePath().toString(), () -> fitData(model, name, dir));
    }

    /** Something read from disk once per process. */
    private interface Read<T> {
        T get() throws IOException;
    }

    private static <T> T cached(Map<String, T> cache, String key, Read<T> read) throws IOException {
        T v = cache.get(key);
        if (v == null) {
            v = read.get();
            cache.put(key, v);
        }
        return v;
    }

    /** The first {@code n} ID test images of {@code model} (repeated when the set is smaller), NHWC. */
    public static float[] batch(String model, int n) throws IOException {
        ImageSet test = testSet(model);
        int per = test.imageSize();
        float[] out = new float[n * per];
        for (int i = 0; i < n; i++) test.copyImage(i % test.size(), out, i * per);
        return out;
    }

    public static ImageSet batchSet(String model, int n) throws IOException {
        ImageSet test = testSet(model);
        return new ImageSet(test.name(), test.height(), test.width(), test.channels(), batch(model, n),
                Arrays.copyOf(test.labels(), n));
    }

    /**
     * Workloads ready to time, sharing what they can: one loaded model per (model, device, threads) and
     * one fit-data read per model, with each detector added to the shared graph, kept across the groups of
     * a process. Models come from
     * {@code modelsDir/<model>}; every op has run once. Each call of an op is one timed operation (one batch).
     */
    public static Group open(List<WorkloadSpec> specs, Path modelsDir) throws IOException {
        Group g = new Group(new ArrayList<>(), new ArrayList<>());
        try {
            for (WorkloadSpec w : specs) {
                if (w.benchmark().equals(WorkloadSpec.CALIBRATION)) {
                    MatmulKernel k = new MatmulKernel(MatmulKernel.DEFAULT_SIZE, Device.parse(w.device()));
                    g.resources().add(k);
                    g.ops().add(k);
                    continue;
                }
                Benchmark b = Benchmark.of(w.benchmark());
                if (!b.batched() && b != Benchmark.FIT) {
                    throw new IllegalArgumentException("benchmark " + b.id() + " cannot be interleaved; use forward, score, head, "
                            + "pipeline or fit");
                }
                ModelCatalog.entry(w.model());
                Path dir = modelsDir.resolve(w.model());
                String modelKey = dir.toAbsolutePath() + "|" + w.device() + "|" + w.threads();
                Classifier model = LOADED.computeIfAbsent(modelKey,
                        k -> Classifier.load(dir, Device.parse(w.device()), w.threads(), w.threads() == 0 ? 0 : 1));
                Runnable op;
                if (b == Benchmark.FIT) {
                    Detector d = DetectorCatalog.parseList(w.detector()).get(0);
                    FitData data = cachedFitData(model, w.model(), dir);
                    op = () -> d.fit(data); // each call fits again from scratch, replacing the last fit
                    op.run();
                    g.ops().add(op);
                    continue;
                }
                float[] images = batch(w.model(), w.batch());
                int n = w.batch();
                if (b == Benchmark.FORWARD) {
                    op = () -> model.run(images, n);
                } else {
                    String fitKey = dir.toAbsolutePath() + "|" + w.detector();
                    Detector d = FITTED.get(fitKey);
                    if (d == null) {
                        boolean needsFit = DetectorCatalog.parseList(w.detector()).get(0).needsFit();
                        d = fitted(w.detector(), needsFit ? cachedFitData(model, w.model(), dir) : null);
                        FITTED.put(fitKey, d);
                    }
                    Detector fittedDetector = d;
                    DetectorScorer s = SCORERS.computeIfAbsent(modelKey + "|" + w.detector(),
                            k -> new DetectorScorer(model, fittedDetector));
                    if (b == Benchmark.SCORE) {
                        op = () -> s.score(images, n);
                    } else if (b == Benchmark.PIPELINE) {
                        List<Path> files = rawFiles(w.model(), n, g);
                        op = () -> {
                            ImageSet set = readRaw(files);
                            s.score(set.pixels(), set.size());
                        };
                    } else {
                        Outputs o = model.run(images, n);
                        op = () -> s.scoreOutputs(o);
                    }
                }
                op.run();
                g.ops().add(op);
            }
            return g;
        } catch (IOException | RuntimeException e) {
            g.close();
            throw e;
        }
    }

    /** The first {@code n} ID test images in their dataset's file format, in a folder {@code g} deletes when closed. */
    private static List<Path> rawFiles(String model, int n, Group g) throws IOException {
        Path dir = Files.createTempDirectory("oodbench-pipeline");
        List<Path> files = RawBatchFiles.write(batchSet(model, n), dir);
        g.resources().add(() -> {
            for (Path f : files) Files.deleteIfExists(f);
            Files.deleteIfExists(dir);
        });
        return files;
    }

    private static ImageSet readRaw(List<Path> files) {
        try {
            return RawBatchFiles.read(files);
        } catch (IOException e) {
            throw new UncheckedIOException("pipeline batch files " + files + ": " + e.getMessage(), e);
        }
    }

    /** Timed operations, in the order of their specs, and what to close after them. */
    public record Group(List<Runnable> ops, List<AutoCloseable> resources) implements AutoCloseable, Supplier<List<Runnable>> {
        @Override
        public List<Runnable> get() {
            return ops;
        }

        @Override
        public void close() {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // closing TensorFlow sessions does not fail in a way worth reporting after the timing
                }
            }
        }
    }
}
