package dev.oodbench.report;

import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One value per run for every row and metric over a history of runs (oldest first), split so that
 * only like is compared with like. Speed rows (time per operation) form one series per row per
 * machine: the runs' host, CPU model, core count, TensorFlow build (with its oneDNN setting) and run
 * kind must all match. Quality rows (AUROC, FPR95) do not depend on the machine: one series per row
 * and run kind, the row naming its model, detector, parameters, data sets with their image counts, and
 * device. The run kind is {@code run_kind} in {@code run.properties} when the run recorded one.
 */
public final class RunSeries {
    /** What a series holds, which way is worse, and whether it is compared on a log scale. */
    public enum Metric {
        TIME("time", true, true), AUROC("auroc", false, false), FPR95("fpr95", true, false);

        private final String label;
        private final boolean higherIsWorse;
        private final boolean log;

        Metric(String label, boolean higherIsWorse, boolean log) {
            this.label = label;
            this.higherIsWorse = higherIsWorse;
            this.log = log;
        }

        public String label() {
            return label;
        }

        public boolean higherIsWorse() {
            return higherIsWorse;
        }

        /** Times are compared as logs (a change is a ratio); fractions as they are (a change is a difference). */
        public boolean log() {
            return log;
        }
    }

    /** One run's value, with its interval (NaN where the run gave none). Times in seconds per operation. */
    public record Point(RunData run, double value, double lo, double hi) {}

    /**
     * A row's values over the runs of its group, oldest first. {@code group}: the machine (speed) or
     * run kind (quality) it belongs to; {@code family}: the series whose noise is pooled with it (one
     * group's rows of one metric, speed rows further split by benchmark and device); {@code key}: the
     * row's join columns, e.g. benchmark, model, detector, batch_size, device, threads.
     */
    public record Series(String group, String family, Metric metric, String row, Map<String, String> key, List<Point> points) {}

    private RunSeries() {}

    /** Every series in {@code runs} (oldest first), in order of first appearance. */
    public static List<Series> of(List<RunData> runs) {
        Map<List<String>, Series> out = new LinkedHashMap<>();
        for (RunData run : runs) {
            String machine = machine(run);
            String kind = kind(run);
            for (PerformanceRow p : run.performance()) {
                double s = p.ok() ? p.secondsPerOp() : Double.NaN;
                if (!(s > 0) || Double.isInfinite(s)) continue;
                double err = p.secondsPerOpError();
                Map<String, String> key = new LinkedHashMap<>();
                key.put("benchmark", p.benchmark());
                key.put("model", p.model());
                key.put("detector", p.detector());
                key.put("batch_size", p.batchSize());
                key.put("device", p.device());
                key.put("threads", p.threads());
                String row = p.key().toString();
                add(out, machine, machine + " | " + p.benchmark() + " " + p.device(), Metric.TIME, row, key,
                        new Point(run, s, err >= 0 ? s - err : Double.NaN, err >= 0 ? s + err : Double.NaN));
            }
            String group = "run kind " + (kind.isEmpty() ? "unrecorded" : kind);
            for (AccuracyRow a : run.accuracy()) {
                if (!a.ok() || a.isAverage()) continue;
                Map<String, String> key = new LinkedHashMap<>();
                key.put("model", a.model());
                key.put("detector", a.detector());
                key.put("detector_params", a.detectorParams());
                key.put("id_dataset", a.idDataset());
                key.put("ood_dataset", a.oodDataset());
                key.put("device", a.device());
                String row = String.format(Locale.ROOT, "%s %s%s %s (%d) -> %s (%d) %s", a.model(), a.detector(),
                        a.detectorParams().isEmpty() ? "" : " [" + a.detectorParams() + "]", a.idDataset(), a.nId(),
                        a.oodDataset(), a.nOod(), a.device());
                if (Double.isFinite(a.auroc())) {
                    add(out, group, group + " | auroc", Metric.AUROC, row, key, new Point(run, a.auroc(), a.aurocLo(), a.aurocHi()));
                }
                if (Double.isFinite(a.fpr95())) {
                    add(out, group, group + " | fpr95", Metric.FPR95, row, key, new Point(run, a.fpr95(), a.fpr95Lo(), a.fpr95Hi()));
                }
            }
        }
        return new ArrayList<>(out.values());
    }

    private static void add(Map<List<String>, Series> out, String group, String family, Metric metric, String row,
                            Map<String, String> key, Point p) {
        Series s = out.computeIfAbsent(List.of(group, metric.name(), row),
                k -> new Series(group, family, metric, row, key, new ArrayList<>()));
        // one value per run: a run that timed a row twice keeps its first
        if (s.points().isEmpty() || s.points().get(s.points().size() - 1).run() != p.run()) s.points().add(p);
    }

    /** The machine a run's speed rows were measured on and its run kind: {@link History.Series}, one definition for history and its change points. */
    public static String machine(RunData run) {
        return History.Series.of(run).label();
    }

    /** The run kind (quick, default, custom): {@link History#kind}. */
    static String kind(RunData run) {
        return History.kind(run);
    }

    private static String or(String s) {
        return s == null || s.isEmpty() ? "?" : s;
    }
}
