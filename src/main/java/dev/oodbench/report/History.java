package dev.oodbench.report;

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
 * with version, commit, machine and headline numbers per model: forward-pass images/s at batch 256
 * on CPU (the largest CPU batch when 256 did not run, marked), the best detector's AUROC and the
 * mean AUROC (both over the per-dataset rows that ran, group averages left out).
 */
public final class History {
    /** The readable runs, and one line per folder that could not be read. */
    public record Scan(List<RunData> runs, List<String> problems) {}

    /** One run x model line. NaN where the run has no such number. */
    public record Entry(RunData run, String model, double forwardImagesPerS, int forwardBatch, String bestDetector,
                        double bestAuroc, double meanAuroc, int aurocRows, double calibrationGflops) {
        /**
         * Forward throughput over the calibration rate measured beside it (images per s per GFLOP/s of
         * the matmul kernel): comparable across times and machines; NaN without calibration.
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
            if (models.isEmpty()) out.add(new Entry(r, "", Double.NaN, -1, "", Double.NaN, Double.NaN, 0, Double.NaN));
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
                bestAuroc, n == 0 ? Double.NaN : sum / n, n, best == null ? Double.NaN : best.calibrationGflops());
    }

    /** A plain-text table, one line per run and model, oldest first. */
    public static String render(List<RunData> runs) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"time (UTC)", "run", "version", "commit", "machine", "model", "fwd img/s b256 cpu",
                "calib GFLOP/s", "normalised fwd", "best AUROC (detector)", "mean AUROC"});
        for (Entry e : entries(runs)) {
            RunData r = e.run();
            String fwd = Double.isNaN(e.forwardImagesPerS()) ? "-" : String.format(Locale.ROOT, "%,.0f", e.forwardImagesPerS())
                    + (e.forwardBatch() == HEADLINE_BATCH ? "" : " (b" + e.forwardBatch() + ")");
            String best = Double.isNaN(e.bestAuroc()) ? "-" : String.format(Locale.ROOT, "%.4f (%s)", e.bestAuroc(), e.bestDetector());
            String mean = Double.isNaN(e.meanAuroc()) ? "-" : String.format(Locale.ROOT, "%.4f", e.meanAuroc());
            cells.add(new String[] {r.timestampUtc().isEmpty() ? "?" : r.timestampUtc().replace('T', ' ').replace("Z", ""),
                    r.label(), r.suiteVersion().isEmpty() ? "?" : r.suiteVersion(), shortCommit(r.gitCommit()),
                    trim(r.hardware(), 48), e.model().isEmpty() ? "-" : e.model(), fwd,
                    Double.isNaN(e.calibrationGflops()) ? "-" : String.format(Locale.ROOT, "%.1f", e.calibrationGflops()),
                    Double.isNaN(e.normalisedForward()) ? "-" : String.format(Locale.ROOT, "%.2f", e.normalisedForward()),
                    best, mean});
        }
        int[] w = new int[cells.get(0).length];
        for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], c[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] c : cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < c.length; i++) {
                boolean right = i >= 6;
                line.append(String.format("%" + (right ? "" : "-") + w[i] + "s", c[i])).append(i < c.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        sb.append("normalised fwd = forward images/s over the calibration kernel's GFLOP/s measured in the same forks: "
                + "comparable across times and machines (raw img/s is not)\n");
        return sb.toString();
    }

    public static String shortCommit(String c) {
        if (c == null || c.isEmpty()) return "?";
        boolean dirty = c.endsWith("-dirty");
        String h = dirty ? c.substring(0, c.length() - "-dirty".length()) : c;
        return (h.length() > 7 ? h.substring(0, 7) : h) + (dirty ? "+" : "");
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }
}
