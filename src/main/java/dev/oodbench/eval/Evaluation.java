package dev.oodbench.eval;

import dev.oodbench.data.Batches;
import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorScorer;
import dev.oodbench.detect.FitData;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.ModelCatalog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Detection quality of detectors on one model: fits each detector once on the model's ID training
 * outputs, scores the ID test set and every OOD set in the model's graph, and turns each (ID, OOD)
 * pair of score vectors into one {@link EvalRow} through {@link OodMetrics} (the one place metrics
 * are computed), with bootstrap intervals. Absent datasets give {@code skipped} rows; near and far
 * groups are plain averages of their datasets' rows, as OpenOOD reports them.
 */
public final class Evaluation {
    /** What to evaluate. {@code scores} (nullable) receives every set's per-sample scores. */
    public record Config(String model, List<Detector> detectors, String idSet, List<String> oodSets,
                         OodBenchmark groups, int batchSize, int bootstrap, long seed, ScoreSink scores) {}

    /** Receives one set's per-sample scores of one detector (higher = more OOD), e.g. to write them to a file. */
    public interface ScoreSink {
        void accept(String model, String detector, String dataset, double[] scores) throws IOException;
    }

    /** Progress callbacks: a stage with its size in images, then images done. */
    public interface Progress {
        void stage(String what, long images);

        void advance(long images);

        Progress NONE = new Progress() {
            @Override public void stage(String what, long images) { }
            @Override public void advance(long images) { }
        };
    }

    private final Classifier model;
    private final FitDataSource fitSource;

    /** Where fit data comes from (the cache in real runs; tests can hand it in directly). */
    public interface FitDataSource {
        FitData get(Classifier model, Progress progress) throws IOException;
    }

    public Evaluation(Classifier model, FitDataSource fitSource) {
        this.model = model;
        this.fitSource = fitSource;
    }

    /** The standard fit data: the model catalog's training set through {@link FitDataCache}. */
    public static FitDataSource cachedTrainingOutputs(String modelName, Path modelDir) {
        return (m, progress) -> {
            String trainSet = ModelCatalog.entry(modelName).trainSet();
            progress.stage("fit outputs " + trainSet, 0);
            return FitDataCache.standard().get(m, modelDir, trainSet, 500, progress::advance);
        };
    }

    public List<EvalRow> run(Config cfg, Progress progress) throws IOException {
        ImageSet id = DatasetCatalog.load(cfg.idSet(), model.height(), model.width(), model.channels());
        progress.stage("accuracy " + id.name(), id.size());
        double accuracy = model.accuracy(id, cfg.batchSize());
        progress.advance(id.size());
        Map<String, ImageSet> ood = new LinkedHashMap<>();
        Map<String, String> absent = new LinkedHashMap<>();
        for (String name : cfg.oodSets()) {
            try {
                ood.put(name, DatasetCatalog.load(name, model.height(), model.width(), model.channels()));
            } catch (IOException e) {
                absent.put(name, e.getMessage());
            }
        }
        FitData fit = null;
        List<DetectorScorer> scorers = new ArrayList<>();
        List<Double> fitSeconds = new ArrayList<>();
        for (Detector d : cfg.detectors()) {
            double fs = 0;
            if (d.needsFit()) {
                if (fit == null) fit = fitSource.get(model, progress);
                long t0 = System.nanoTime();
                d.fit(fit);
                fs = (System.nanoTime() - t0) / 1e9;
            }
            fitSeconds.add(fs);
            scorers.add(new DetectorScorer(model, d));
        }
        // every set is scored by all detectors together: one forward pass per batch, shared
        long total = id.size() + ood.values().stream().mapToLong(ImageSet::size).sum();
        progress.stage(model.name() + ": " + cfg.detectors().size() + " detectors", total);
        long t0 = System.nanoTime();
        double[][] idScores = scoreAll(scorers, id, cfg.batchSize(), progress);
        Map<String, double[][]> oodScores = new LinkedHashMap<>();
        for (Map.Entry<String, ImageSet> e : ood.entrySet()) {
            oodScores.put(e.getKey(), scoreAll(scorers, e.getValue(), cfg.batchSize(), progress));
        }
        double scoreSeconds = (System.nanoTime() - t0) / 1e9;
        List<EvalRow> rows = new ArrayList<>();
        for (int k = 0; k < scorers.size(); k++) {
            Detector d = cfg.detectors().get(k);
            String params = d.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(";"));
            save(cfg, d, id.name(), idScores[k]);
            List<EvalRow> perSet = new ArrayList<>();
            for (Map.Entry<String, double[][]> e : oodScores.entrySet()) {
                double[] s = e.getValue()[k];
                save(cfg, d, e.getKey(), s);
                OodMetrics m = OodMetrics.compute(idScores[k], s);
                Bootstrap.Intervals ci = Bootstrap.intervals(idScores[k], s, cfg.bootstrap(), cfg.seed());
                perSet.add(new EvalRow(model.name(), accuracy, d.name(), params, id.name(), e.getKey(),
                        cfg.groups().group(e.getKey()), m, ci, EvalRow.OK, fittedNote(d), fitSeconds.get(k), scoreSeconds));
            }
            rows.addAll(perSet);
            for (Map.Entry<String, String> e : absent.entrySet()) {
                rows.add(EvalRow.skipped(model.name(), accuracy, d.name(), params, id.name(), id.size(), e.getKey(),
                        cfg.groups().group(e.getKey()), e.getValue()));
            }
            for (String group : List.of("near", "far")) {
                List<EvalRow> members = perSet.stream().filter(r -> r.group().equals(group)).toList();
                List<String> missing = absent.keySet().stream().filter(n -> cfg.groups().group(n).equals(group)).toList();
                if (!members.isEmpty()) rows.add(average(members, group, missing));
            }
        }
        return rows;
    }

    /** "fitted alpha=12.3" for detectors that report fitted statistics, else empty. */
    private static String fittedNote(Detector d) {
        Map<String, Object> f = d.fitted();
        return f.isEmpty() ? "" : "fitted " + f.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    /** Scores of every scorer on {@code set}, [scorer][image], batch by batch. */
    private static double[][] scoreAll(List<DetectorScorer> scorers, ImageSet set, int batchSize, Progress progress) {
        double[][] out = new double[scorers.size()][set.size()];
        for (Batches.Batch b : Batches.of(set, batchSize)) {
            float[][] s = DetectorScorer.scoreTogether(scorers, b.pixels(), b.size());
            for (int k = 0; k < s.length; k++) for (int i = 0; i < b.size(); i++) out[k][b.from() + i] = s[k][i];
            progress.advance(b.size());
        }
        return out;
    }

    /**
     * The plain average of a group's rows (OpenOOD's near/far numbers), without intervals; the note
     * names its members and any absent ones (a partial group).
     */
    static EvalRow average(List<EvalRow> rows, String group, List<String> absent) {
        EvalRow f = rows.get(0);
        String members = rows.stream().map(EvalRow::oodSet).collect(Collectors.joining("+"));
        return new EvalRow(f.model(), f.modelAccuracy(), f.detector(), f.detectorParams(), f.idSet(), group + "-average",
                group, OodMetrics.mean(rows.stream().map(EvalRow::metrics).toList()), Bootstrap.Intervals.none(),
                EvalRow.OK, "plain average of " + members + (absent.isEmpty() ? "" : "; partial: "
                        + String.join("+", absent) + " absent"), f.fitSeconds(), f.scoreSeconds());
    }

    private void save(Config cfg, Detector d, String set, double[] scores) throws IOException {
        if (cfg.scores() != null) cfg.scores().accept(model.name(), d.name(), set, scores);
    }

}
