package dev.oodbench.cli;

import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.eval.ComparisonTable;
import dev.oodbench.eval.EvalRow;
import dev.oodbench.eval.Evaluation;
import dev.oodbench.eval.OodBenchmark;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.ScoreFiles;
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
    @Option(names = "--model", required = true, description = "mnist04-convnet or cifar10-resnet20 (or a SavedModel folder)")
    String model;

    @Option(names = "--detectors", defaultValue = "all",
            description = "all, cheap, or a list such as mls,vim:dim=32,knn:k=10 (default: ${DEFAULT-VALUE})")
    String detectors;

    @Option(names = "--id", description = "ID test set (default: the model's benchmark)")
    String idSet;

    @Option(names = "--ood", description = "comma-separated OOD sets (default: the model's benchmark; see `data list`)")
    String oodSets;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu (default: ${DEFAULT-VALUE})")
    String device;

    @Option(names = "--batch-size", defaultValue = "256", description = "images per Session.run (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--bootstrap", defaultValue = "1000",
            description = "bootstrap resamples for the 95% intervals, 0 for none (default: ${DEFAULT-VALUE})")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "0", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--results", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--save-scores", description = "also write per-sample scores to <run>/scores/<model>/<detector>/<set>.txt")
    boolean saveScores;

    @Override
    public Integer call() throws Exception {
        List<Detector> dets = DetectorCatalog.parseList(detectors);
        Path dir = ModelCatalog.path(model);
        String name = dir.getFileName().toString();
        OodBenchmark bench = OodBenchmark.of(name);
        String id = idSet != null ? idSet : bench.idSet();
        List<String> ood = oodSets != null ? Arrays.stream(oodSets.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()
                : bench.oodSets();
        ood.forEach(dev.oodbench.data.DatasetCatalog::entry);
        RunInfo run = RunInfo.collect();
        Path runDir = run.runDir(results);
        List<EvalRow> rows;
        Map<String, Double> phases = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        try (Classifier c = Classifier.load(dir, Device.parse(device)); ProgressBars progress = new ProgressBars()) {
            phases.put("load model", (System.nanoTime() - t0) / 1e9);
            Evaluation evaluation = new Evaluation(c, Evaluation.cachedTrainingOutputs(name, dir));
            rows = evaluation.run(new Evaluation.Config(name, dets, id,
                    ood, bench, batchSize, bootstrap, seed, saveScores ? (m, d, set, s) -> ScoreFiles.write(runDir, m, d, set, s)
                    : null), progress);
            phases.putAll(evaluation.phaseSeconds());
        }
        long t1 = System.nanoTime();
        run.write(runDir);
        AccuracyCsv.table(run, device, rows).write(runDir.resolve("accuracy.csv"));
        phases.put("write accuracy.csv", (System.nanoTime() - t1) / 1e9);
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.println();
        System.out.printf(Locale.ROOT, "%s on %s (accuracy %.2f%%), ID = %s%n", name, device,
                100 * rows.get(0).modelAccuracy(), id);
        System.out.print(ComparisonTable.render(rows));
        rows.stream().filter(r -> r.ok() && r.note().startsWith("fitted")).map(r -> r.detector() + " " + r.note())
                .distinct().forEach(System.out::println);
        rows.stream().filter(r -> !r.ok()).map(EvalRow::oodSet).distinct().forEach(s -> System.out.println("skipped "
                + s + ": " + rows.stream().filter(r -> r.oodSet().equals(s)).findFirst().get().note()));
        System.out.printf(Locale.ROOT, "wrote %s (%d rows) in %.1f s:%n", runDir.resolve("accuracy.csv"), rows.size(), secs);
        phases.forEach((phase, s) -> System.out.printf(Locale.ROOT, "  %6.1f s  %s%n", s, phase));
        return 0;
    }
}
