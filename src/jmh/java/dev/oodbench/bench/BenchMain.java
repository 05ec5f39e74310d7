package dev.oodbench.bench;

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
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.Report;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The main job behind {@code mvn verify -Pbench} and {@code oodbench bench}: times the forward
 * pass, every detector's score path, fit and the end-to-end pipeline with JMH (one fork per
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
        PerformanceRows perf = new PerformanceRows(run);
        List<String> devices = new ArrayList<>();
        for (String d : cfg.devices()) {
            if (Device.parse(d) == Device.GPU && !GpuCheck.available()) {
                out.println("skipping device gpu: TensorFlow sees no GPU here (CPU-only natives or no driver); "
                        + "its rows are marked skipped. Build with -Pgpu on a GPU machine to time it.");
                markSkipped(cfg, perf, d, "no GPU visible to TensorFlow on this machine");
            } else {
                devices.add(d);
            }
        }
        prepareFitData(cfg, out);
        List<Path> jsons = new ArrayList<>();
        if (!devices.isEmpty()) {
            List<String> fitDetectors = cfg.detectors().stream()
                    .filter(n -> DetectorCatalog.parseList(n).get(0).needsFit()).toList();
            String pipelineDetector = cfg.detectors().get(0);
            if (cfg.benchmarks().contains("forward")) {
                jsons.add(runJmh(cfg, runDir, "forward", ForwardBenchmark.class.getName(), devices, List.of(), true, perf));
            }
            if (cfg.benchmarks().contains("score")) {
                jsons.add(runJmh(cfg, runDir, "score", ScoreBenchmark.class.getName(), devices, cfg.detectors(), true, perf));
            }
            if (cfg.benchmarks().contains("fit") && !fitDetectors.isEmpty()) {
                jsons.add(runJmh(cfg, runDir, "fit", FitBenchmark.class.getName(), devices, fitDetectors, false, perf));
            }
            if (cfg.benchmarks().contains("pipeline")) {
                jsons.add(runJmh(cfg, runDir, "pipeline", PipelineBenchmark.class.getName(), devices,
                        List.of(pipelineDetector), true, perf));
            }
        }
        perf.computeOverheads();
        List<EvalRow> accuracy = cfg.accuracy() ? evaluate(cfg, runDir.resolve("scores"), out) : List.of();
        run.write(runDir);
        mergeJson(jsons, runDir.resolve("jmh.json"));
        perf.table().write(runDir.resolve("performance.csv"));
        if (cfg.accuracy()) AccuracyCsv.table(run, "cpu", accuracy).write(runDir.resolve("accuracy.csv"));
        out.println();
        out.print(BenchSummary.render(perf.table(), accuracy));
        Report.write(List.of(RunData.read(runDir)), runDir);
        out.printf("wrote %s/{performance.csv,%sjmh.json,run.properties,report.html,report.md}%n", runDir,
                cfg.accuracy() ? "accuracy.csv," : "");
        return 0;
    }

    private static void markSkipped(BenchConfig cfg, PerformanceRows perf, String device, String note) {
        for (String model : cfg.models()) {
            for (String t : cfg.threads().stream().map(String::valueOf).toList()) {
                for (int b : cfg.batches()) {
                    perf.addStatus("forward", model, "", Integer.toString(b), device, t, "skipped", note);
                    for (String d : cfg.detectors()) {
                        perf.addStatus("score", model, d, Integer.toString(b), device, t, "skipped", note);
                    }
                }
            }
        }
    }

    /** Computes (or finds cached) each model's ID training outputs once, before any timing starts. */
    private static void prepareFitData(BenchConfig cfg, PrintStream out) throws Exception {
        for (String model : cfg.models()) {
            long t0 = System.nanoTime();
            try (Classifier c = Classifier.load(ModelCatalog.path(model), Device.CPU)) {
                FitDataCache.standard().get(c, ModelCatalog.path(model), ModelCatalog.entry(model).trainSet(),
                        BenchFixture.FIT_BATCH, n -> { });
            }
            out.printf(Locale.ROOT, "fit data for %s ready (%.1f s)%n", model, (System.nanoTime() - t0) / 1e9);
        }
    }

    private static Path runJmh(BenchConfig cfg, Path runDir, String bench, String className, List<String> devices,
                               List<String> detectors, boolean batched, PerformanceRows perf) throws Exception {
        Path json = runDir.resolve("." + bench + ".jmh.json");
        ChainedOptionsBuilder o = new OptionsBuilder()
                .include("^" + java.util.regex.Pattern.quote(className) + "\\.")
                .param("model", cfg.models().toArray(String[]::new))
                .param("device", devices.toArray(String[]::new))
                .param("threads", cfg.threads().stream().map(String::valueOf).toArray(String[]::new))
                .forks(cfg.forks())
                .shouldFailOnError(false)
                .jvmArgs("-Xmx4g", "-Doodbench.home=" + System.getProperty("oodbench.home", "."))
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        if (!detectors.isEmpty()) o.param("detector", detectors.toArray(String[]::new));
        if (batched) {
            o.param("batchSize", cfg.batches().stream().map(String::valueOf).toArray(String[]::new))
                    .warmupIterations(cfg.warmupIterations())
                    .warmupTime(TimeValue.milliseconds((long) (cfg.warmupSeconds() * 1000)))
                    .measurementIterations(cfg.iterations())
                    .measurementTime(TimeValue.milliseconds((long) (cfg.iterationSeconds() * 1000)));
        } else {
            o.warmupIterations(0).measurementIterations(Math.max(1, cfg.iterations()));
        }
        Collection<RunResult> results = new Runner(o.build()).run();
        perf.addResults(results);
        // a trial that threw is missing from JMH's results: record it as failed, never drop it
        for (String model : cfg.models()) {
            for (String device : devices) {
                for (String t : cfg.threads().stream().map(String::valueOf).toList()) {
                    for (String d : detectors.isEmpty() ? List.of("") : detectors) {
                        for (String b : batched ? cfg.batches().stream().map(String::valueOf).toList() : List.of("")) {
                            if (!perf.has(bench, model, d, b, device, t)) {
                                perf.addStatus(bench, model, d, b, device, t, "failed",
                                        "the JMH trial failed; see the benchmark log");
                            }
                        }
                    }
                }
            }
        }
        return json;
    }

    private static List<EvalRow> evaluate(BenchConfig cfg, Path scoresDir, PrintStream out) throws Exception {
        List<EvalRow> rows = new ArrayList<>();
        for (String model : cfg.models()) {
            OodBenchmark bench = OodBenchmark.of(model);
            long t0 = System.nanoTime();
            try (Classifier c = Classifier.load(ModelCatalog.path(model), Device.CPU)) {
                rows.addAll(new Evaluation(c, Evaluation.cachedTrainingOutputs(model, ModelCatalog.path(model))).run(new Evaluation.Config(model,
                        cfg.detectors().stream().map(n -> DetectorCatalog.parseList(n).get(0)).toList(), bench.idSet(), bench.oodSets(),
                        bench, 256, 1000, 0, scoresDir), Evaluation.Progress.NONE));
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

    static double num(Map<String, String> row, String key) {
        return CsvTable.num(row.get(key));
    }
}
