package dev.oodbench.eval;

import dev.oodbench.data.Batches;
import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.DatasetFingerprint;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorScorer;
import dev.oodbench.detect.FitData;
import dev.oodbench.detect.ScoreGraph;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.model.Outputs;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * Detection quality of detectors on one model: fits each detector once on the model's ID training
 * outputs, scores the ID test set and every OOD set in the model's graph, and turns each (ID, OOD)
 * pair of score vectors into one {@link EvalRow} through {@link OodMetrics} (the one place metrics
 * are computed), with bootstrap intervals. Absent datasets give {@code skipped} rows (a corrupt one is an error); near and far
 * groups are plain averages of their datasets' rows, as OpenOOD reports them.
 */
public final class Evaluation {
    /**
     * What to evaluate. {@code scores} (nullable) receives every set's per-sample scores; {@code limit}
     * above 0 keeps only the first {@code limit} images of each set (0: every image).
     */
    public record Config(String model, List<Detector> detectors, String idSet, List<String> oodSets,
                         OodBenchmark groups, int batchSize, int bootstrap, long seed, ScoreSink scores, int limit) {
        public Config {
            if (limit < 0) throw new IllegalArgumentException("the image limit per set must be 0 (all) or more: " + limit);
        }

        /** Every image of each set. */
        public Config(String model, List<Detector> detectors, String idSet, List<String> oodSets, OodBenchmark groups,
                      int batchSize, int bootstrap, long seed, ScoreSink scores) {
            this(model, detectors, idSet, oodSets, groups, batchSize, bootstrap, seed, scores, 0);
        }

        /** The defaults of {@code eval} and of the benchmark run's accuracy evaluation, in one place. */
        public static final int DEFAULT_BATCH = 256;
        public static final int DEFAULT_BOOTSTRAP = 1000;
        public static final long DEFAULT_SEED = 0;

        /** The standard evaluation of a model's benchmark sets with the defaults above. */
        public static Config standard(String model, List<Detector> detectors, OodBenchmark bench, ScoreSink scores) {
            return new Config(model, detectors, bench.idSet(), bench.oodSets(), bench, DEFAULT_BATCH, DEFAULT_BOOTSTRAP,
                    DEFAULT_SEED, scores);
        }
    }

    /** Receives one set's per-sample scores of one detector with what identifies them, e.g. to write them to a file. */
    public interface ScoreSink {
        void accept(SampleScores scores) throws IOException;
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

    /** The scoring phase of {@link #phaseSeconds()}: forward passes, detector ops, ODIN's gradients and passes. */
    public static final String SCORING = "scoring (shared forward pass, every detector's ops, input gradients and perturbed passes)";

    private final Classifier model;
    private final FitDataSource fitSource;
    private final Map<String, Double> phases = new LinkedHashMap<>();
    private boolean idLabelled;

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
        return (m, progress) -> cachedTrainingOutputs(modelDir, ModelCatalog.entry(modelName).trainSet()).get(m, progress);
    }

    /** The model's outputs on the catalog set {@code trainSet} through {@link FitDataCache} (any model folder). */
    public static FitDataSource cachedTrainingOutputs(Path modelDir, String trainSet) {
        return (m, progress) -> {
            progress.stage("fit outputs " + trainSet, 0);
            FitData fit = FitDataCache.standard().get(m, modelDir, trainSet, 500, progress::advance);
            checkLabels("training set", trainSet, fit.labels(), m.classes());
            return fit;
        };
    }

    /**
     * Fits, scores and measures every detector of {@code cfg}. The model's accuracy comes from the
     * same forward passes as the ID scores (its predictions are fetched with them); the wall time of
     * each phase is in {@link #phaseSeconds()} afterwards.
     */
    public List<EvalRow> run(Config cfg, Progress progress) throws IOException {
        phases.clear();
        long t = System.nanoTime();
        ImageSet id = limited(DatasetCatalog.load(cfg.idSet(), model.height(), model.width(), model.channels()), cfg);
        checkLabels("ID set", cfg.idSet(), id.labels(), model.classes());
        idLabelled = Arrays.stream(id.labels()).anyMatch(l -> l >= 0);
        Map<String, ImageSet> ood = new LinkedHashMap<>();
        Map<String, String> absent = new LinkedHashMap<>();
        for (String name : cfg.oodSets()) {
            try {
                ood.put(name, limited(DatasetCatalog.load(name, model.height(), model.width(), model.channels()), cfg));
            } catch (FileNotFoundException e) { // absent is a skipped row; corrupt is an error
                absent.put(name, e.getMessage());
            }
        }
        // what each set is, as scored: rows and score files carry it, so runs on other data are never paired
        String idPrint = DatasetFingerprint.of(id);
        Map<String, String> prints = new LinkedHashMap<>();
        for (Map.Entry<String, ImageSet> e : ood.entrySet()) prints.put(e.getKey(), DatasetFingerprint.of(e.getValue()));
        t = lap("load datasets", t);
        List<Detector> detectors = cfg.detectors();
        FitData fit = detectors.stream().anyMatch(Detector::needsFit) ? fitSource.get(model, progress) : null;
        t = lap("fit data (training-set outputs: computed once per model, then cached)", t);
        List<Double> fitSeconds = new ArrayList<>();
        for (Detector d : detectors) {
            long t0 = System.nanoTime();
            if (d.needsFit()) d.fit(fit);
            fitSeconds.add(d.needsFit() ? (System.nanoTime() - t0) / 1e9 : 0.0);
        }
        t = lap("fit", t);
        List<DetectorScorer> scorers = new ArrayList<>();
        for (Detector d : detectors) scorers.add(new DetectorScorer(model, d));
        scorers.add(new DetectorScorer(model, new PredictedClass()));
        t = lap("score graphs", t);
        // every set is scored by all detectors together: one forward pass per batch, shared
        long total = id.size() + ood.values().stream().mapToLong(ImageSet::size).sum();
        progress.stage(model.name() + ": " + detectors.size() + " detectors", total);
        long t0 = System.nanoTime();
        double[][] idScores = scoreAll(scorers, id, cfg.batchSize(), progress);
        Map<String, double[][]> oodScores = new LinkedHashMap<>();
        for (Map.Entry<String, ImageSet> e : ood.entrySet()) {
            oodScores.put(e.getKey(), scoreAll(scorers, e.getValue(), cfg.batchSize(), progress));
        }
        double scoreSeconds = (System.nanoTime() - t0) / 1e9;
        t = System.nanoTime();
        double accuracy = accuracy(idScores[detectors.size()], id.labels());
        List<double[]> oodOf = new ArrayList<>();
        List<Integer> detectorOf = new ArrayList<>();
        for (int k = 0; k < detectors.size(); k++) {
            for (double[][] s : oodScores.values()) {
                oodOf.add(s[k]);
                detectorOf.add(k);
            }
        }
        // (detector, OOD set) pairs are independent and their results do not depend on the order: in parallel
        List<OodMetrics> metrics = parallel(oodOf.size(), i -> OodMetrics.compute(idScores[detectorOf.get(i)], oodOf.get(i)));
        t = lap("metrics", t);
        List<Bootstrap.Intervals> intervals = parallel(oodOf.size(),
                i -> Bootstrap.intervals(idScores[detectorOf.get(i)], oodOf.get(i), cfg.bootstrap(), cfg.seed()));
        t = lap("bootstrap", t);
        List<EvalRow> rows = new ArrayList<>();
        int pair = 0;
        for (int k = 0; k < detectors.size(); k++) {
            Detector d = detectors.get(k);
            String params = d.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(";"));
            save(cfg, d, params, id, idPrint, idScores[k]);
            List<EvalRow> perSet = new ArrayList<>();
            for (Map.Entry<String, double[][]> e : oodScores.entrySet()) {
                save(cfg, d, params, ood.get(e.getKey()), prints.get(e.getKey()), e.getValue()[k]);
                perSet.add(new EvalRow(model.name(), accuracy, d.name(), params, id.name(), e.getKey(),
                        cfg.groups().group(e.getKey()), metrics.get(pair), intervals.get(pair), EvalRow.OK, fittedNote(d),
                        fitSeconds.get(k), scoreSeconds, idPrint, prints.get(e.getKey())));
                pair++;
            }
            rows.addAll(perSet);
            for (Map.Entry<String, String> e : absent.entrySet()) {
                rows.add(EvalRow.skipped(model.name(), accuracy, d.name(), params, id.name(), id.size(), e.getKey(),
                        cfg.groups().group(e.getKey()), e.getValue(), idPrint));
            }
            for (String group : List.of("near", "far")) {
                List<EvalRow> members = perSet.stream().filter(r -> r.group().equals(group)).toList();
                List<String> missing = absent.keySet().stream().filter(n -> cfg.groups().group(n).equals(group)).toList();
                if (!members.isEmpty()) rows.add(average(members, group, missing));
            }
        }
        lap(cfg.scores() == null ? "rows" : "rows and score files", t);
        return rows;
    }

    /**
     * Fails unless every label of {@code set} names one of the model's {@code classes} classes: a set of
     * another label range (digits 5-9 for a model of digits 0-4) would index past the model's outputs.
     */
    static void checkLabels(String role, String set, int[] labels, int classes) {
        int max = Arrays.stream(labels).max().orElse(0);
        if (max >= classes) {
            throw new IllegalArgumentException("the " + role + " " + set + " has labels up to " + max + " but the model has "
                    + classes + " classes (0.." + (classes - 1) + "); use a set of the classes the model was trained on");
        }
    }

    /**
     * Warnings about an evaluation that ran but measures little: an OOD set that is the ID set (its AUROC is
     * 50% by construction) or a model accuracy on the ID set below twice chance (the ID set is not the model's;
     * NaN for an ID set without labels: no warning).
     */
    public static List<String> warnings(String idSet, List<String> oodSets, double accuracy, int classes) {
        List<String> out = new ArrayList<>();
        if (oodSets.contains(idSet)) {
            out.add("warning: --ood names the ID set " + idSet + " itself: its rows compare a set with itself (AUROC 50%); "
                    + "drop it from --ood");
        }
        if (accuracy < 2.0 / classes) {
            out.add(String.format(Locale.ROOT, "warning: the model's accuracy on %s is %.2f%%, near chance "
                    + "(%.0f%% for %d classes): is %s the set the model was trained for? Its rows measure little",
                    idSet, 100 * accuracy, 100.0 / classes, classes, idSet));
        }
        return out;
    }

    /** Whether the ID set of the last {@link #run} has labels (noise and image folders have none: no accuracy). */
    public boolean idLabelled() {
        return idLabelled;
    }

    /**
     * Wall seconds of each phase of the last {@link #run}, in order: loading datasets, fit data, fit,
     * building the score graphs, scoring, metrics, bootstrap, rows (and score files).
     */
    public Map<String, Double> phaseSeconds() {
        return new LinkedHashMap<>(phases);
    }

    private long lap(String phase, long since) {
        long now = System.nanoTime();
        phases.merge(phase, (now - since) / 1e9, Double::sum);
        return now;
    }

    private static <T> List<T> parallel(int n, IntFunction<T> f) {
        return IntStream.range(0, n).parallel().mapToObj(f).toList();
    }

    private static double accuracy(double[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) if ((int) predicted[i] == labels[i]) correct++;
        return correct / (double) labels.length;
    }

    /**
     * Not a detector: the model's predicted class (argmax of the logits) as a "score", so that the
     * accuracy is read from the scoring passes instead of a forward pass of its own.
     */
    private static final class PredictedClass implements Detector {
        @Override public String name() { return "predicted-class"; }
        @Override public Map<String, Object> params() { return Map.of(); }
        @Override public boolean needsFit() { return false; }

        @Override
        public Operand<TFloat32> scoreOp(ScoreGraph g) {
            return g.tf().dtypes.cast(g.tf().math.argMax(g.logits(), g.tf().constant(1)), TFloat32.class);
        }

        @Override
        public double[] referenceScores(Outputs outputs) {
            double[] p = new double[outputs.n()];
            for (int i = 0; i < p.length; i++) p[i] = outputs.predicted(i);
            return p;
        }
    }

    /** "fitted alpha=12.3" for detectors that report fitted statistics, else empty. */
    private static String fittedNote(Detector d) {
        Map<String, Object> f = d.fitted();
        return f.isEmpty() ? "" : "fitted " + f.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    /**
     * Scores of every scorer on {@code set}, [scorer][image], batch by batch, through
     * {@link DetectorScorer#scoreTogether}: one forward pass per batch shared by every detector (and
     * by the gradients of the input-perturbing ones), then the perturbed images' own passes.
     */
    private double[][] scoreAll(List<DetectorScorer> scorers, ImageSet set, int batchSize, Progress progress) {
        double[][] out = new double[scorers.size()][set.size()];
        for (Batches.Batch b : Batches.of(set, batchSize)) {
            long t = System.nanoTime();
            float[][] s = DetectorScorer.scoreTogether(scorers, b.pixels(), b.size());
            lap(SCORING, t);
            for (int k = 0; k < scorers.size(); k++) {
                for (int i = 0; i < b.size(); i++) out[k][b.from() + i] = s[k][i];
            }
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
                        + String.join("+", absent) + " absent"), f.fitSeconds(), f.scoreSeconds(), f.idFingerprint(),
                rows.stream().map(EvalRow::oodFingerprint).collect(Collectors.joining("+")));
    }

    private void save(Config cfg, Detector d, String params, ImageSet set, String fingerprint, double[] scores)
            throws IOException {
        if (cfg.scores() == null) return;
        String order = cfg.limit() > 0 ? SampleScores.first(set.size()) : SampleScores.ALL;
        cfg.scores().accept(new SampleScores(model.name(), d.name(), params, set.name(), fingerprint, order, scores));
    }

    /** The first {@code cfg.limit()} images of {@code set} when a limit is set. */
    private static ImageSet limited(ImageSet set, Config cfg) {
        return cfg.limit() > 0 ? set.head(cfg.limit()) : set;
    }

}
