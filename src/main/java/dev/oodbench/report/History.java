package dev.oodbench.report;

import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.results.RunData;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.JmhImport;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.AccuracyCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The runs under {@code results/runs}, oldest first (by {@code timestamp_utc}, then folder name),
 * grouped into {@link Series}: runs on one machine (host, CPU model, cores, TensorFlow build) of one
 * kind (quick, default, custom), the only runs whose numbers are comparable with each other. Per run
 * and model: forward-pass images/s at batch 256 on CPU (the largest CPU batch when 256 did not run,
 * marked), the best detector's AUROC and the mean AUROC (over the per-dataset rows that ran, group
 * averages left out) with the number of detectors they cover.
 */
public final class History {
    /** The readable runs, and one line per folder that could not be read. */
    public record Scan(List<RunData> runs, List<String> problems) {}

    /**
     * What makes runs comparable: the machine (host, CPU model, cores, TensorFlow build with its kernel
     * set) and the run kind. Runs of different series are never put side by side.
     */
    public record Series(String host, String cpu, int cores, String tensorflow, String kind) {
        public static Series of(RunData r) {
            return new Series(r.host(), r.cpu(), r.cores(), r.info() == null ? tfVersion(r) : r.info().tfVersion(), History.kind(r));
        }

        private static String tfVersion(RunData r) {
            if (!r.performance().isEmpty()) return r.performance().get(0).tfVersion();
            return r.accuracy().isEmpty() ? "" : r.accuracy().get(0).run().tfVersion();
        }

        /** Whether {@code o} ran on the same machine (host, CPU, cores, TensorFlow build), of any kind. */
        public boolean sameMachine(Series o) {
            return host.equals(o.host) && cpu.equals(o.cpu) && cores == o.cores && tensorflow.equals(o.tensorflow);
        }

        /** One line: "vm / AMD EPYC x2 / TF 2.18.0 oneDNN on / default runs". */
        public String label() {
            return or(host) + " / " + or(cpu) + (cores > 0 ? " x" + cores : "") + " / TF " + or(tensorflow) + " / " + kind + " runs";
        }
    }

    /** Run kinds. */
    public static final String QUICK = "quick";
    public static final String DEFAULT = "default";
    public static final String CUSTOM = "custom";
    /** The default sweep's batch sizes. */
    static final Set<Integer> DEFAULT_BATCHES = Set.of(1, 8, 32, 128, 256);

    /**
     * The kind of run, from what it holds: <em>quick</em> timed only batch {@value #HEADLINE_BATCH}
     * (or no timing) with at most {@value #QUICK_DETECTORS} detectors; <em>default</em> timed every default
     * batch size and evaluated every detector of the catalog; anything else is <em>custom</em>.
     */
    public static String kind(RunData r) {
        Set<Integer> batches = new java.util.TreeSet<>();
        Set<String> detectors = new java.util.TreeSet<>();
        r.performance().forEach(p -> {
            if (p.batch() > 0) batches.add(p.batch());
            if (!p.detector().isEmpty()) detectors.add(baseName(p.detector()));
        });
        r.accuracy().forEach(a -> detectors.add(baseName(a.detector())));
        if ((batches.isEmpty() || batches.equals(Set.of(HEADLINE_BATCH))) && detectors.size() <= QUICK_DETECTORS) return QUICK;
        if (batches.equals(DEFAULT_BATCHES) && detectors.containsAll(DetectorCatalog.names())) return DEFAULT;
        return CUSTOM;
    }

    private static String baseName(String detector) {
        int colon = detector.indexOf(':');
        return colon < 0 ? detector : detector.substring(0, colon);
    }

    /** A quick run's most detectors (one of each kind). */
    static final int QUICK_DETECTORS = 5;

    /** The runs grouped by series, each oldest first, series in the order of their first run. */
    public static Map<Series, List<RunData>> bySeries(List<RunData> runs) {
        Map<Series, List<RunData>> m = new LinkedHashMap<>();
        for (RunData r : runs) m.computeIfAbsent(Series.of(r), k -> new ArrayList<>()).add(r);
        return m;
    }

    /** One run x model line. NaN where the run has no such number. */
    public record Entry(RunData run, String model, double forwardImagesPerS, int forwardBatch, String bestDetector,
                        double bestAuroc, double meanAuroc, int aurocRows, double calibrationGflops, int detectors) {
        /**
         * Forward throughput over the matmul calibration rate measured beside it (images per s per GFLOP/s);
         * NaN without calibration. Shown, not trusted: on same-code runs it spread more than the raw rate.
         */
        public double normalisedForward() {
            return calibrationGflops > 0 ? forwardImagesPerS / calibrationGflops : Double.NaN;
        }
    }

    /** The batch size of the headline forward throughput. */
    public static final int HEADLINE_BATCH = 256;

    private History() {}

    /** The readable runs under {@code results/runs}, oldest first. */
    public static List<RunData> runs(Path results) throws IOException {
        return scan(results).runs();
    }

    public static Scan scan(Path results) throws IOException {
        Path dir = results.resolve("runs");
        if (!Files.isDirectory(dir)) return new Scan(List.of(), List.of());
        List<RunData> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Path> folders;
        try (var s = Files.list(dir)) {
            folders = s.filter(Files::isDirectory).toList();
        }
        for (Path p : folders) {
            boolean hasResults = Files.exists(p.resolve(PerformanceCsv.FILE_NAME)) || Files.exists(p.resolve(AccuracyCsv.FILE_NAME))
                    || Files.exists(p.resolve(JmhImport.FILE_NAME));
            if (!hasResults) continue; // an unfinished or foreign folder: not a run
            try {
                out.add(RunData.read(p));
            } catch (IOException | RuntimeException e) {
                problems.add(p.getFileName() + ": unreadable (" + e.getMessage() + ")");
            }
        }
        out.sort(Comparator.comparing((RunData r) -> r.timestampUtc().isEmpty() ? "~" : r.timestampUtc())
                .thenComparing(r -> r.source().getFileName().toString()));
        return new Scan(out, problems);
    }

    /** The headline numbers of each model of each run. */
    public static List<Entry> entries(List<RunData> runs) {
        List<Entry> out = new ArrayList<>();
        for (RunData r : runs) {
            Set<String> models = new LinkedHashSet<>();
            r.performance().forEach(p -> models.add(p.model()));
            r.accuracy().forEach(a -> models.add(a.model()));
            models.remove("");
            if (models.isEmpty()) out.add(new Entry(r, "", Double.NaN, -1, "", Double.NaN, Double.NaN, 0, Double.NaN, 0));
            for (String m : models) out.add(entry(r, m));
        }
        return out;
    }

    private static Entry entry(RunData r, String model) {
        List<PerformanceRow> fwd = r.performance().stream().filter(p -> p.ok() && p.model().equals(model)
                && p.benchmark().equals("forward") && p.device().equals("cpu") && !Double.isNaN(p.imagesPerS())).toList();
        PerformanceRow best = fwd.stream().filter(p -> p.batch() == HEADLINE_BATCH).findFirst()
                .orElse(fwd.stream().max(Comparator.comparingInt(PerformanceRow::batch)).orElse(null));
        Map<String, double[]> perDetector = new LinkedHashMap<>(); // sum, count
        double sum = 0;
        int n = 0;
        for (AccuracyRow a : r.accuracy()) {
            if (!a.ok() || a.isAverage() || !a.model().equals(model) || Double.isNaN(a.auroc())) continue;
            double[] s = perDetector.computeIfAbsent(a.detector(), k -> new double[2]);
            s[0] += a.auroc();
            s[1]++;
            sum += a.auroc();
            n++;
        }
        String bestDet = "";
        double bestAuroc = Double.NaN;
        for (Map.Entry<String, double[]> e : perDetector.entrySet()) {
            double mean = e.getValue()[0] / e.getValue()[1];
            if (Double.isNaN(bestAuroc) || mean > bestAuroc) {
                bestAuroc = mean;
                bestDet = e.getKey();
            }
        }
        return new Entry(r, model, best == null ? Double.NaN : best.imagesPerS(), best == null ? -1 : best.batch(), bestDet,
                bestAuroc, n == 0 ? Double.NaN : sum / n, n, best == null ? Double.NaN : best.calibrationGflops(),
                perDetector.size());
    }

    /** The table, series by series, in the narrow form (fits 120 columns). */
    public static String render(List<RunData> runs) {
        return render(runs, false);
    }

    /**
     * The table, one block per series (a heading line naming the machine and run kind), one line per
     * run and model, oldest first. {@code wide} adds the run id, version, the calibration rate and the
     * calibration-normalised throughput, and does not cut detector names.
     */
    public static String render(List<RunData> runs, boolean wide) {
        StringBuilder sb = new StringBuilder();
        Map<Series, List<RunData>> series = bySeries(runs);
        for (Map.Entry<Series, List<RunData>> s : series.entrySet()) {
            if (sb.length() > 0) sb.append('\n');
            sb.append("series: ").append(s.getKey().label()).append(" (").append(s.getValue().size())
                    .append(s.getValue().size() == 1 ? " run" : " runs").append(")\n");
            List<String[]> cells = new ArrayList<>();
            cells.add(wide ? new String[] {"time (UTC)", "run", "version", "commit", "model", "fwd img/s", "matmul GFLOP/s",
                    "img/s per GFLOP/s", "best detector", "its AUROC", "mean AUROC", "detectors"}
                    : new String[] {"time (UTC)", "commit", "model", "fwd img/s", "best detector", "its AUROC", "mean AUROC",
                    "detectors"});
            for (Entry e : entries(s.getValue())) {
                RunData r = e.run();
                String time = r.timestampUtc().isEmpty() ? "?" : r.timestampUtc().replace('T', ' ').replace("Z", "");
                String fwd = Double.isNaN(e.forwardImagesPerS()) ? "-" : String.format(Locale.ROOT, "%,.0f", e.forwardImagesPerS())
                        + (e.forwardBatch() == HEADLINE_BATCH ? "" : " (b" + e.forwardBatch() + ")");
                String bestDet = e.bestDetector().isEmpty() ? "-" : wide ? e.bestDetector() : trim(e.bestDetector(), 16);
                String best = Double.isNaN(e.bestAuroc()) ? "-" : String.format(Locale.ROOT, "%.4f", e.bestAuroc());
                String mean = Double.isNaN(e.meanAuroc()) ? "-" : String.format(Locale.ROOT, "%.4f", e.meanAuroc());
                String model = e.model().isEmpty() ? "-" : e.model();
                String dets = e.detectors() == 0 ? "-" : String.valueOf(e.detectors());
                cells.add(wide ? new String[] {time, r.label(), r.suiteVersion().isEmpty() ? "?" : r.suiteVersion(),
                        shortCommit(r.gitCommit()), model, fwd,
                        Double.isNaN(e.calibrationGflops()) ? "-" : String.format(Locale.ROOT, "%.1f", e.calibrationGflops()),
                        Double.isNaN(e.normalisedForward()) ? "-" : String.format(Locale.ROOT, "%.2f", e.normalisedForward()),
                        bestDet, best, mean, dets}
                        : new String[] {time.length() > 16 ? time.substring(0, 16) : time, shortCommit(r.gitCommit()), model, fwd,
                        bestDet, best, mean, dets});
            }
            int rightFrom = wide ? 5 : 3;
            int[] w = new int[cells.get(0).length];
            for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], c[i].length());
            for (String[] c : cells) {
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < c.length; i++) {
                    boolean right = i >= rightFrom && !(i == (wide ? 8 : 4));
                    line.append(String.format("%" + (right ? "" : "-") + w[i] + "s", c[i])).append(i < c.length - 1 ? "  " : "");
                }
                sb.append(line.toString().stripTrailing()).append('\n');
            }
        }
        sb.append(CompareText.wrap("fwd img/s = forward images/s at batch 256 on CPU (raw: compare runs of one series only); "
                + "best detector = highest mean AUROC over its OOD sets; mean AUROC over every detector's per-set rows", 118, "  "));
        if (wide) {
            sb.append(CompareText.wrap("img/s per GFLOP/s = fwd img/s over the 512^3 matmul rate measured beside it; shown only: "
                    + "on same-code runs it spread more than the raw rate (docs/between-run-verdicts.md)", 118, "  "));
        }
        return sb.toString();
    }

    public static String shortCommit(String c) {
        if (c == null || c.isEmpty()) return "?";
        boolean dirty = c.endsWith("-dirty");
        String h = dirty ? c.substring(0, c.length() - "-dirty".length()) : c;
        return (h.length() > 7 ? h.substring(0, 7) : h) + (dirty ? "+" : "");
    }

    private static String or(String s) {
        return s == null || s.isEmpty() ? "?" : s;
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
