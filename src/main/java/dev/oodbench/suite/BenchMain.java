package dev.oodbench.suite;

import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.eval.EvalRow;
import dev.oodbench.eval.Evaluation;
import dev.oodbench.eval.FitDataCache;
import dev.oodbench.eval.OodBenchmark;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.GpuCheck;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.Benchmark;
import dev.oodbench.results.JmhImport;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.report.Report;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.ScoreFiles;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
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
        RunInfo run = RunInfo.collect();
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
        if (!devices.isEmpty()) {
            for (Timed t : timed) {
                if (t.detectors().isEmpty()) continue;
                jsons.add(runJmh(cfg, runDir, t, devices));
                // a trial that threw is missing from JMH's results: every combination asked for gets a
                // failed row, which the measurement replaces when there is one (never silently dropped)
                for (String d : devices) {
                    notRun.addAll(combinations(cfg, run, t.benchmark(), d, t.detectors(), PerformanceRow.FAILED,
                            "the JMH trial failed; see the benchmark log"));
                }
            }
        }
        List<EvalRow> accuracy = cfg.accuracy() ? evaluate(cfg, runDir, out) : List.of();
        run.write(runDir);
        mergeJson(jsons, runDir.resolve(JmhImport.FILE_NAME));
        List<PerformanceRow> perf = JmhImport.writeRun(runDir, run, notRun);
        if (cfg.accuracy()) AccuracyCsv.table(run, "cpu", accuracy).write(runDir.resolve(AccuracyCsv.FILE_NAME));
        out.println();
        out.print(BenchSummary.render(perf, accuracy));
        Report.write(List.of(RunData.read(runDir)), runDir);
        out.printf("wrote %s/{performance.csv,%sjmh.json,run.properties,report.html,report.md}%n", runDir,
                cfg.accuracy() ? "accuracy.csv," : "");
        return 0;
    }

    /** One benchmark to run and the detector specs it sweeps ({@code ""} alone when it takes none). */
    private record Timed(Benchmark benchmark, List<String> detectors) {}

    private static List<String> detectorsOf(Benchmark b, BenchConfig cfg) {
        return switch (b.detectors()) {
            case NONE -> List.of("");
            case ALL -> cfg.detectors();
            case FIRST -> List.of(cfg.detectors().get(0));
            case NEEDS_FIT -> cfg.detectors().stream().filter(n -> DetectorCatalog.parseList(n).get(0).needsFit()).toList();
            case FROM_OUTPUTS -> cfg.detectors().stream().filter(n -> !DetectorCatalog.parseList(n).get(0).perturbsInput()).toList();
        };
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

    private static Path runJmh(BenchConfig cfg, Path runDir, Timed t, List<String> devices) throws Exception {
        Path json = runDir.resolve("." + t.benchmark().id() + ".jmh.json");
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + Pattern.quote(t.benchmark().jmhClass()) + "\\.")
                .param("model", cfg.models().toArray(String[]::new))
                .param("device", devices.toArray(String[]::new))
                .param("threads", cfg.threads().stream().map(String::valueOf).toArray(String[]::new))
                .forks(cfg.forks())
                .shouldFailOnError(false)
                .jvmArgs("-Xmx4g", "-Doodbench.home=" + System.getProperty("oodbench.home", "."))
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (!t.detectors().equals(List.of(""))) o.param("detector", t.detectors().toArray(String[]::new));
        if (t.benchmark().batched()) {
            o.param("batchSize", cfg.batches().stream().map(String::valueOf).toArray(String[]::new))
                    .warmupIterations(cfg.warmupIterations())
                    .warmupTime(TimeValue.milliseconds((long) (cfg.warmupSeconds() * 1000)))
                    .measurementIterations(cfg.iterations())
                    .measurementTime(TimeValue.milliseconds((long) (cfg.iterationSeconds() * 1000)));
        } else {
            o.warmupIterations(0).measurementIterations(Math.max(1, cfg.iterations()));
        }
        new Runner(o.build()).run();
        return json;
    }

    private static List<EvalRow> evaluate(BenchConfig cfg, Path runDir, PrintStream out) throws Exception {
        List<EvalRow> rows = new ArrayList<>();
        for (String model : cfg.models()) {
            OodBenchmark bench = OodBenchmark.of(model);
            long t0 = System.nanoTime();
            try (Classifier c = Classifier.load(ModelCatalog.path(model), Device.CPU)) {
                rows.addAll(new Evaluation(c, Evaluation.cachedTrainingOutputs(model, ModelCatalog.path(model))).run(new Evaluation.Config(model,
                        cfg.detectors().stream().map(n -> DetectorCatalog.parseList(n).get(0)).toList(), bench.idSet(), bench.oodSets(),
                        bench, 256, 1000, 0, (m, d, set, s) -> ScoreFiles.write(runDir, m, d, set, s)), Evaluation.Progress.NONE));
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
