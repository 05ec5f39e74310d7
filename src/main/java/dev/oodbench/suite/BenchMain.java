package dev.oodbench.suite;

import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.eval.EvalRow;
import dev.oodbench.eval.Evaluation;
import dev.oodbench.eval.FitDataCache;
import dev.oodbench.eval.OodBenchmark;
import dev.oodbench.eval.ProgressBars;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.GpuCheck;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.report.BenchmarkFormats;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.Benchmark;
import dev.oodbench.results.JmhImport;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.report.Report;
import dev.oodbench.results.RunData;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.ScoreStore;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Random;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The main job behind {@code mvn verify -Pbench} and {@code oodbench bench}: times the forward
 * pass, every detector's score path (and, asked for, its ops alone), fit and the end-to-end pipeline with JMH (one fork per
 * parameter combination, so TF's per-process thread pools are set cleanly), evaluates detection
 * quality, and writes {@code results/runs/<run-id>/{performance.csv, accuracy.csv, jmh.json,
 * run.properties}}. A device that is not on this machine gives {@code skipped} rows, never an error.
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) {
        int rc;
        try {
            rc = run(BenchConfig.from(System.getProperties()), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("oodbench bench: " + e.getMessage());
            rc = 2;
        } catch (Exception e) {
            System.err.println("oodbench bench: " + e);
            if (System.getenv("OODBENCH_DEBUG") != null) e.printStackTrace();
            rc = 1;
        }
        System.exit(rc);
    }

    public static int run(BenchConfig cfg, PrintStream out) throws Exception {
        RunInfo run = RunInfo.collect().claimRunDir(cfg.resultsDir()); // a new folder, never another run's
        Path runDir = run.runDir(cfg.resultsDir());
        Files.createDirectories(runDir);
        out.printf("oodbench run %s -> %s%n", run.runId(), runDir);
        out.printf("hardware: %s%n", run.hardware());
        List<Timed> timed = cfg.benchmarks().stream().map(b -> new Timed(b, detectorsOf(b, cfg))).toList();
        List<PerformanceRow> notRun = new ArrayList<>();
        List<String> devices = new ArrayList<>();
        for (String d : cfg.devices()) {
            if (Device.parse(d) == Device.GPU && !GpuCheck.available()) {
                out.println("skipping device gpu: TensorFlow sees no GPU here (CPU-only natives or no driver); "
                        + "its rows are marked skipped. Build with -Pgpu on a GPU machine to time it.");
                // the per-batch timings of the model and its detectors get skipped rows (the same
                // combinations a GPU machine would time); fit and pipeline are read on the CPU rows
                for (Timed t : timed) {
                    if (!t.benchmark().batched() || t.benchmark() == Benchmark.PIPELINE) continue;
                    notRun.addAll(combinations(cfg, run, t.benchmark(), d, t.detectors(), PerformanceRow.SKIPPED,
                            "no GPU visible to TensorFlow on this machine"));
                }
            } else {
                devices.add(d);
            }
        }
        prepareFitData(cfg, out);
        List<Path> jsons = new ArrayList<>();
        List<PerformanceRow> paired = new ArrayList<>();
        if (!devices.isEmpty()) {
            // every JMH combination in its own runner, all of them in one random order (seeded, recorded),
            // so that slow phases of the machine do not line up with one benchmark or one detector
            List<Combination> combos = new ArrayList<>();
            for (Timed t : timed) {
                if (cfg.pairing() && PAIRED.contains(t.benchmark())) continue;
                combos.addAll(combinations(cfg, t, devices));
                for (String d : devices) {
                    notRun.addAll(combinations(cfg, run, t.benchmark(), d, t.detectors(), PerformanceRow.FAILED,
                            "the JMH trial failed; see the benchmark log"));
                }
            }
            Collections.shuffle(combos, new Random(cfg.seed()));
            out.printf(Locale.ROOT, "%d JMH combinations in random order (seed %d), %d forks each%n", combos.size(), cfg.seed(),
                    cfg.forks());
            Path calibration = runDir.resolve(".calibration.tsv");
            for (int i = 0; i < combos.size(); i++) jsons.add(runJmh(cfg, runDir, combos.get(i), i, calibration));
            if (cfg.pairing()) paired.addAll(PairedOverheads.run(cfg, run, devices, runDir.resolve(".paired"), out));
        }
        List<EvalRow> accuracy = cfg.accuracy() ? evaluate(cfg, runDir, out) : List.of();
        run.write(runDir);
        mergeJson(jsons, runDir.resolve(JmhImport.FILE_NAME));
        List<PerformanceRow> perf = JmhImport.writeRun(runDir, run, notRun, paired,
                Calibration.medians(runDir.resolve(".calibration.tsv")));
        Files.deleteIfExists(runDir.resolve(".calibration.tsv"));
        if (cfg.accuracy()) {
            AccuracyCsv.table(run, ACCURACY_DEVICE.id(), accuracy).write(runDir.resolve(AccuracyCsv.FILE_NAME));
        }
        RunInfo.finish(runDir); // every results file is in place; the dashboard files and the report are drawn from them
        for (String f : cfg.formats()) BenchmarkFormats.write(runDir, "bench", f, BenchmarkFormats.entries(RunData.read(runDir)));
        out.println();
        out.print(BenchSummary.render(perf, accuracy));
        Report.write(List.of(RunData.read(runDir)), runDir);
        out.println(wrote(runDir, outputs(cfg)));
        return 0;
    }

    /** One benchmark to run and the detector specs it sweeps ({@code ""} alone when it takes none). */
    private record Timed(Benchmark benchmark, List<String> detectors) {}

    private static List<String> detectorsOf(Benchmark b, BenchConfig cfg) {
        return switch (b.detectors()) {
            case NONE -> List.of("");
            case ALL -> cfg.detectors();
            case FIRST -> List.of(cfg.detectors().get(0));
            case NEEDS_FIT -> fitTimed(cfg.detectors());
            case FROM_OUTPUTS -> cfg.detectors().stream().filter(n -> DetectorCatalog.parseList(n).get(0).scoresFromOutputs()).toList();
        };
    }

    /**
     * The detectors whose fit the fit benchmark times: those that need a fit, less those whose fit runs
     * the model over the training set (Gram: its fit time is the evaluation's {@code fit_seconds}).
     */
    static List<String> fitTimed(List<String> detectors) {
        return detectors.stream().filter(spec -> {
            Detector d = DetectorCatalog.parseList(spec).get(0);
            return d.needsFit() && !d.fitRunsModel();
        }).toList();
    }

    /** A not-run row for every model x threads x detector (x batch size) of one benchmark on one device. */
    private static List<PerformanceRow> combinations(BenchConfig cfg, RunInfo run, Benchmark b, String device,
                                                     List<String> detectors, String status, String note) {
        String bench = b.id();
        List<PerformanceRow> rows = new ArrayList<>();
        List<String> batches = b.batched() ? cfg.batches().stream().map(String::valueOf).toList() : List.of("");
        for (String model : cfg.models()) {
            for (String t : cfg.threads().stream().map(String::valueOf).toList()) {
                for (String d : detectors) {
                    for (String batch : batches) {
                        rows.add(status.equals(PerformanceRow.SKIPPED)
                                ? PerformanceRow.skipped(run, bench, model, d, batch, device, t, note)
                                : PerformanceRow.failed(run, bench, model, d, batch, device, t, note));
                    }
                }
            }
        }
        return rows;
    }

    /** Computes (or finds cached) each model's ID training outputs once, before any timing starts. */
    private static void prepareFitData(BenchConfig cfg, PrintStream out) throws Exception {
        for (String model : cfg.models()) {
            long t0 = System.nanoTime();
            try (Classifier c = Classifier.load(ModelCatalog.path(model), Device.CPU)) {
                FitDataCache.standard().get(c, ModelCatalog.path(model), ModelCatalog.entry(model).trainSet(),
                        Workloads.FIT_BATCH, n -> { });
            }
            out.printf(Locale.ROOT, "fit data for %s ready (%.1f s)%n", model, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** Where the run's detection quality is evaluated (scores are the same function on every device). */
    static final Device ACCURACY_DEVICE = Device.CPU;

    /** Benchmarks whose rows the paired pass measures (interleaved with the forward pass, fits with each other) unless pairing is off. */
    static final List<Benchmark> PAIRED = List.of(Benchmark.SCORE, Benchmark.HEAD, Benchmark.PIPELINE, Benchmark.FIT);

    /** One JMH parameter combination of one benchmark. */
    private record Combination(Benchmark benchmark, String model, String device, int threads, String detector, int batch) {}

    private static List<Combination> combinations(BenchConfig cfg, Timed t, List<String> devices) {
        List<Combination> out = new ArrayList<>();
        List<Integer> batches = t.benchmark().batched() ? cfg.batches() : List.of(0);
        for (String model : cfg.models()) {
            for (String device : devices) {
                for (int threads : cfg.threads()) {
                    for (String d : t.detectors()) {
                        for (int b : batches) out.add(new Combination(t.benchmark(), model, device, threads, d, b));
                    }
                }
            }
        }
        return out;
    }

    /** The files a run of {@code cfg} writes into its folder, as its closing line names them. */
    static List<String> outputs(BenchConfig cfg) {
        List<String> files = new ArrayList<>(List.of(PerformanceCsv.FILE_NAME));
        if (cfg.accuracy()) files.add(AccuracyCsv.FILE_NAME);
        files.addAll(List.of(JmhImport.FILE_NAME, RunInfo.FILE_NAME, "report.html", "report.md"));
        cfg.formats().forEach(f -> files.addAll(BenchmarkFormats.fileNames(f, "bench")));
        return files;
    }

    /** {@code wrote <dir>/{a,b,c}}: the closing line of a run. */
    public static String wrote(Path dir, List<String> files) {
        return "wrote " + dir + "/{" + String.join(",", files) + "}";
    }

    /** JMH's console output for every combination of the run, less its repeats ({@link JmhConsole}). */
    private static final PrintStream CONSOLE = JmhConsole.over(System.out);

    private static Path runJmh(BenchConfig cfg, Path runDir, Combination c, int index, Path calibration) throws Exception {
        Path json = runDir.resolve(String.format(Locale.ROOT, ".%04d.jmh.json", index));
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + Pattern.quote(c.benchmark().jmhClass()) + "\\.")
                .param("model", c.model())
                .param("device", c.device())
                .param("threads", String.valueOf(c.threads()))
                .forks(cfg.forks())
                .shouldFailOnError(false)
                .jvmArgs("-Xmx4g", "-Doodbench.home=" + System.getProperty("oodbench.home", "."),
                        "-D" + Calibration.FILE_PROPERTY + "=" + calibration.toAbsolutePath())
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (!c.detector().isEmpty()) o.param("detector", c.detector());
        if (c.benchmark().batched()) {
            o.param("batchSize", String.valueOf(c.batch()))
                    .warmupIterations(cfg.warmupIterations())
                    .warmupTime(TimeValue.milliseconds((long) (cfg.warmupSeconds() * 1000)))
                    .measurementIterations(cfg.iterations())
                    .measurementTime(TimeValue.milliseconds((long) (cfg.iterationSeconds() * 1000)));
        } else {
            o.warmupIterations(0).measurementIterations(cfg.iterations());
        }
        new Runner(o.build(), OutputFormatFactory.createFormatInstance(CONSOLE, VerboseMode.NORMAL)).run();
        return json;
    }

    private static List<EvalRow> evaluate(BenchConfig cfg, Path runDir, PrintStream out) throws Exception {
        List<EvalRow> rows = new ArrayList<>();
        for (String model : cfg.models()) {
            OodBenchmark bench = OodBenchmark.of(model);
            long t0 = System.nanoTime();
            out.printf("accuracy evaluation of %s (progress on stderr)%n", model);
            try (Classifier c = Classifier.load(ModelCatalog.path(model), ACCURACY_DEVICE);
                 ProgressBars progress = new ProgressBars()) {
                rows.addAll(new Evaluation(c, Evaluation.cachedTrainingOutputs(model, ModelCatalog.path(model))).run(
                        Evaluation.Config.standard(model, cfg.detectors().stream().map(n -> DetectorCatalog.parseList(n).get(0))
                                .toList(), bench, ScoreStore.sink(runDir)),
                        progress));
            }
            out.printf(Locale.ROOT, "accuracy evaluation of %s: %.1f s%n", model, (System.nanoTime() - t0) / 1e9);
        }
        return rows;
    }

    /** JMH writes one JSON array per run; the run folder keeps them as one array in jmh.json. */
    private static void mergeJson(List<Path> parts, Path target) throws Exception {
        StringBuilder sb = new StringBuilder("[\n");
        boolean first = true;
        for (Path p : parts) {
            if (!Files.isRegularFile(p)) continue;
            String s = Files.readString(p).trim();
            if (s.startsWith("[")) s = s.substring(1, s.length() - 1).trim();
            if (!s.isEmpty()) {
                if (!first) sb.append(",\n");
                sb.append(s);
                first = false;
            }
            Files.delete(p);
        }
        sb.append("\n]\n");
        AtomicFiles.writeString(target, sb.toString());
    }
}
