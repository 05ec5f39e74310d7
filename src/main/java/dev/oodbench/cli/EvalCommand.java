package dev.oodbench.cli;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.eval.ComparisonTable;
import dev.oodbench.eval.EvalRow;
import dev.oodbench.eval.Evaluation;
import dev.oodbench.eval.OodBenchmark;
import dev.oodbench.eval.ProgressBars;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.ScoreStore;
import dev.oodbench.suite.BenchConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Fit detectors on a model's ID training outputs, score the ID test set and OOD sets, and write "
                + "results/runs/<run-id>/accuracy.csv.")
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "mnist04-convnet or cifar10-resnet20, or a SavedModel folder (outside the catalog: with --id, --ood and, for fitted detectors, --train)")
    String model;

    @Option(names = "--detectors", defaultValue = "all",
            description = "all, cheap, or a list such as mls,vim:dim=32,knn:k=10 (default: ${DEFAULT-VALUE})")
    String detectors;

    @Option(names = "--id", description = "ID test set (default: the model's benchmark)")
    String idSet;

    @Option(names = "--ood", description = "comma-separated OOD sets (default: the model's benchmark; see `data list`)")
    String oodSets;

    @Option(names = "--train", description = "ID training set the detectors are fitted on (default: the catalog model's; "
            + "needed for a SavedModel folder outside the catalog)")
    String trainSet;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--batch-size", defaultValue = "" + Evaluation.Config.DEFAULT_BATCH, description = "images per Session.run (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--bootstrap", defaultValue = "" + Evaluation.Config.DEFAULT_BOOTSTRAP,
            description = "bootstrap resamples for the 95%% intervals, 0 for none (default: ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "" + Evaluation.Config.DEFAULT_SEED, description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--results", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--save-scores", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "keep per-sample scores (binary, about 4 bytes a sample, with each set's fingerprint) in "
            + "<run>/scores/<model>/<detector>~<params>/<set>.scores, for paired verdicts in compare and the report's "
            + "plots; --no-save-scores to skip (default: on)")
    boolean saveScores;

    @Override
    public Integer call() throws Exception {
        // every option is checked before any work starts
        if (batchSize <= 0) throw new IllegalArgumentException("--batch-size " + batchSize + ": must be at least 1");
        if (batchSize > BenchConfig.MAX_BATCH) {
            throw new IllegalArgumentException("--batch-size " + batchSize + ": at most " + BenchConfig.MAX_BATCH
                    + " (a larger batch needs more memory than the JVM is given)");
        }
        Bootstrap.checkResamples("--bootstrap", bootstrap);
        if (results.toString().isBlank()) throw new IllegalArgumentException("--results is empty; name a folder");
        Device onDevice = Device.parse(device);
        List<Detector> dets = DetectorCatalog.parseList(detectors);
        unique(dets.stream().map(d -> d.name() + d.params()).toList(), dets.stream().map(Detector::name).toList(),
                "--detectors " + detectors);
        Path dir = ModelCatalog.path(model);
        String name = dir.getFileName().toString();
        boolean catalog = ModelCatalog.names().contains(name);
        if (!catalog && (idSet == null || oodSets == null)) {
            throw new IllegalArgumentException("model " + dir + " is not a catalog model (" + String.join(", ",
                    ModelCatalog.names()) + "), so it has no default sets; pass --id SET and --ood SET,...");
        }
        OodBenchmark bench = catalog ? OodBenchmark.of(name) : new OodBenchmark(name, idSet, List.of(), List.of());
        String id = idSet != null ? idSet : bench.idSet();
        List<String> ood = oodSets != null ? Arrays.stream(oodSets.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : bench.oodSets();
        if (id.isBlank()) throw new IllegalArgumentException("--id is empty; name the ID test set (see `data list`)");
        if (ood.isEmpty()) throw new IllegalArgumentException("--ood '" + oodSets + "' names no dataset; e.g. --ood gaussian,uniform");
        unique(ood, ood, "--ood " + oodSets);
        DatasetCatalog.entry(id);
        ood.forEach(DatasetCatalog::entry);
        String train = trainSet != null ? trainSet : catalog ? ModelCatalog.entry(name).trainSet() : null;
        if (train != null) DatasetCatalog.entry(train);
        if (train == null && dets.stream().anyMatch(Detector::needsFit)) {
            throw new IllegalArgumentException("model " + dir + " is not a catalog model and --detectors includes ones "
                    + "fitted on ID training data; pass --train SET (e.g. mnist04-train)");
        }
        RunInfo run = RunInfo.collect().claimRunDir(results); // also proves the results folder can be written
        Path runDir = run.runDir(results);
        List<EvalRow> rows;
        int classes;
        boolean labelled;
        Map<String, Double> phases = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (Classifier c = Classifier.load(dir, onDevice); ProgressBars progress = new ProgressBars()) {
            phases.put("load model", (System.nanoTime() - t0) / 1e9);
            classes = c.classes();
            Evaluation evaluation = new Evaluation(c, Evaluation.cachedTrainingOutputs(dir, train));
            rows = evaluation.run(new Evaluation.Config(name, dets, id,
                    ood, bench, batchSize, bootstrap, seed, saveScores ? ScoreStore.sink(runDir)
                    : null), progress);
            phases.putAll(evaluation.phaseSeconds());
            labelled = evaluation.idLabelled();
        } catch (Exception | Error e) {
            try (var left = Files.list(runDir)) {
                if (left.allMatch(f -> f.getFileName().toString().equals(RunInfo.INCOMPLETE))) { // nothing written: no empty run left
                    RunInfo.finish(runDir);
                    Files.delete(runDir);
                }
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        long t1 = System.nanoTime();
        run.write(runDir);
        AccuracyCsv.table(run, device, rows).write(runDir.resolve("accuracy.csv"));
        RunInfo.finish(runDir);
        phases.put("write accuracy.csv", (System.nanoTime() - t1) / 1e9);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.println();
        System.out.printf(Locale.ROOT, "%s on %s (accuracy %.2f%%), ID = %s%n", name, device,
                100 * rows.get(0).modelAccuracy(), id);
        System.out.print(ComparisonTable.render(rows));
        rows.stream().filter(r -> r.ok() && r.note().startsWith("fitted")).map(r -> r.detector() + " " + r.note())
                .distinct().forEach(System.out::println);
        Evaluation.warnings(id, ood, labelled ? rows.get(0).modelAccuracy() : Double.NaN, classes).forEach(System.err::println);
        rows.stream().filter(r -> !r.ok()).map(EvalRow::oodSet).distinct().forEach(s -> System.out.println("skipped "
                + s + ": " + rows.stream().filter(r -> r.oodSet().equals(s)).findFirst().get().note()));
        System.out.printf(Locale.ROOT, "wrote %s (%d rows) in %.1f s:%n", runDir.resolve("accuracy.csv"), rows.size(), secs);
        phases.forEach((phase, s) -> System.out.printf(Locale.ROOT, "  %6.1f s  %s%n", s, phase));
        return 0;
    }

    /** Fails when a key repeats (the same detector with the same parameters, or a set named twice). */
    private static void unique(List<String> keys, List<String> names, String option) {
        for (int i = 0; i < keys.size(); i++) {
            if (keys.indexOf(keys.get(i)) != i) {
                throw new IllegalArgumentException(option + " names " + names.get(i) + " twice; list each once");
            }
        }
    }
}
