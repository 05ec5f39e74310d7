package dev.oodbench.suite;

import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.eval.Evaluation;
import dev.oodbench.eval.OodBenchmark;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.report.Compare;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.ScoreStore;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The quality half of {@code ab}: one worker process loads both versions (each in its own class loader
 * over one TensorFlow runtime, as the timing forks do), and each version evaluates the same detectors
 * of a model on the same images (the first {@code images} of every set of the model's benchmark) with
 * its own code, writing {@code accuracy.csv} and its per-sample scores; the paired verdicts are then
 * {@code compare}'s ({@link Compare}, through {@link dev.oodbench.report.PairedQuality}): DeLong for
 * AUROC, a paired bootstrap for FPR95 and AUPR, refused when the two versions read different data.
 */
public final class AbQuality {
    /** The default detectors: one of each family (logits, subspace, class-conditional, neighbours, activation shaping, input gradients, stage maps, decision boundary). */
    public static final String DEFAULT_DETECTORS = "energy,vim,mahalanobis,knn,react,odin,gram,fdbd";
    /** The default images per set. */
    public static final int DEFAULT_IMAGES = 5000;

    /** What to evaluate: models, a detector list as {@code eval --detectors} takes it, images per set (0: all). */
    public record Config(List<String> models, String detectors, int images) {
        public Config {
            if (images < 0) throw new IllegalArgumentException("--quality-images must be 0 (all) or more: " + images);
            models = List.copyOf(models);
            for (String m : models) ModelCatalog.entry(m);
            DetectorCatalog.parseList(detectors); // an unknown detector fails before any work
        }
    }

    private AbQuality() {}

    /**
     * Evaluates both versions on every model of {@code cfg} in one worker process per model, and returns
     * the quality rows of the comparison (rows of a model whose worker failed say so).
     */
    static List<Compare.Row> run(InterleavedJob.Version base, InterleavedJob.Version cand, Config cfg, Compare compare,
                                 Path workDir, PrintStream log) throws IOException, InterruptedException {
        List<Compare.Row> rows = new ArrayList<>();
        for (String model : cfg.models()) {
            Path a = workDir.resolve(base.name()).resolve(model);
            Path b = workDir.resolve(cand.name()).resolve(model);
            Path logFile = workDir.resolve("quality-" + model + ".log");
            long t0 = System.nanoTime();
            log.printf(Locale.ROOT, "quality: %s, detectors %s, %s per set%n", model, cfg.detectors(),
                    cfg.images() == 0 ? "every image" : "the first " + cfg.images() + " images");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx6g", "-Doodbench.home=" + System.getProperty("oodbench.home", "."),
                    "-cp", System.getProperty("java.class.path"), AbQuality.class.getName(), model, cfg.detectors(),
                    String.valueOf(cfg.images()), String.valueOf(base.jar()), base.models(), a.toString(),
                    String.valueOf(cand.jar()), cand.models(), b.toString()));
            Files.createDirectories(workDir);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
            boolean done = p.waitFor(2, TimeUnit.HOURS);
            if (!done) p.destroyForcibly();
            double secs = (System.nanoTime() - t0) / 1e9;
            if (!done || p.exitValue() != 0 || !Files.isRegularFile(a.resolve(AccuracyCsv.FILE_NAME))
                    || !Files.isRegularFile(b.resolve(AccuracyCsv.FILE_NAME))) {
                String why = lastLine(logFile);
                rows.add(new Compare.Row("quality", "", Map.of("model", model, "detector", cfg.detectors(),
                        "detector_params", "", "id_dataset", "", "ood_dataset", ""), Double.NaN, Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, Compare.FAILED, "quality evaluation failed: " + why + " (see " + logFile + ")",
                        ""));
                continue;
            }
            log.printf(Locale.ROOT, "quality: %s evaluated by both versions in %.0f s%n", model, secs);
            Compare.Result r = compare.compare(RunData.read(a), RunData.read(b));
            rows.addAll(r.rows().stream().filter(x -> x.kind().equals("quality")).toList());
        }
        return rows;
    }

    private static String lastLine(Path log) throws IOException {
        if (!Files.isRegularFile(log)) return "no log";
        List<String> lines = Files.readAllLines(log).stream().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "the worker printed nothing" : lines.get(lines.size() - 1);
    }

    /**
     * The worker: {@code MODEL DETECTORS IMAGES JAR_A MODELS_A OUT_A JAR_B MODELS_B OUT_B}; each version's
     * {@link WorkloadFactory#evaluate} runs in its own class loader in this process.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: AbQuality MODEL DETECTORS IMAGES JAR_A MODELS_A OUT_A JAR_B MODELS_B OUT_B");
            System.exit(2);
        }
        int status = 0;
        for (int v = 0; v < 2; v++) {
            String jar = args[3 + 3 * v];
            String models = args[4 + 3 * v];
            String out = args[5 + 3 * v];
            try {
                Method m = factory(jar, v == 0 ? "A" : "B");
                long t0 = System.nanoTime();
                m.invoke(null, models, args[0], args[1], Integer.parseInt(args[2]), out);
                System.out.printf(Locale.ROOT, "version %s: %.1f s%n", v == 0 ? "A" : "B", (System.nanoTime() - t0) / 1e9);
            } catch (InvocationTargetException e) {
                Throwable c = e.getCause() == null ? e : e.getCause();
                c.printStackTrace(System.out);
                System.out.println("version " + (v == 0 ? "A" : "B") + ": " + c);
                status = 1;
            }
        }
        System.exit(status); // TensorFlow's pools are not daemon threads
    }

    private static Method factory(String jar, String name) throws Exception {
        Class<?> c = WorkloadFactory.class;
        if (jar != null && !jar.equals("null")) {
            VersionClassLoader loader = new VersionClassLoader("oodbench-" + name, Path.of(jar).toUri().toURL(),
                    AbQuality.class.getClassLoader());
            c = Class.forName(WorkloadFactory.CLASS_NAME, true, loader);
        }
        try {
            return c.getMethod("evaluate", String.class, String.class, String.class, int.class, String.class);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("version " + name + " (" + jar + ") predates quality evaluation in ab; "
                    + "compare its quality with eval --save-scores and compare instead");
        }
    }

    /**
     * One version's evaluation (called through {@link WorkloadFactory#evaluate}): catalog model
     * {@code model} from {@code modelsDir}, {@code detectors} on the first {@code images} of each set
     * of its benchmark, without bootstrap intervals (the paired tests need none); writes
     * {@code accuracy.csv} and the scores into {@code outDir}.
     */
    static void evaluate(Path modelsDir, String model, String detectors, int images, Path outDir) throws IOException {
        Path dir = modelsDir.resolve(model);
        OodBenchmark bench = OodBenchmark.of(model);
        Files.createDirectories(outDir);
        try (Classifier c = Classifier.load(dir, Device.CPU)) {
            Evaluation e = new Evaluation(c, Evaluation.cachedTrainingOutputs(dir, ModelCatalog.entry(model).trainSet()));
            var rows = e.run(new Evaluation.Config(model, DetectorCatalog.parseList(detectors), bench.idSet(),
                    bench.oodSets(), bench, Evaluation.Config.DEFAULT_BATCH, 0, Evaluation.Config.DEFAULT_SEED,
                    ScoreStore.sink(outDir), images), Evaluation.Progress.NONE);
            AccuracyCsv.table(RunInfo.collect(), "cpu", rows).write(outDir.resolve(AccuracyCsv.FILE_NAME));
        }
    }
}
