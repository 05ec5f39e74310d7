package dev.oodbench.report;

import dev.oodbench.metrics.RocCurve;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.ScoreFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The state of one run, or of several runs side by side (e.g. one per machine):
 * {@code report.html}, self-contained (every chart embedded as a base64 PNG), and {@code report.md},
 * whose charts are PNG files in {@code report-files/} beside it. Both are written atomically.
 *
 * <p>Contents: the runs and their machines; with several runs, forward throughput per machine and a
 * side-by-side table of images/s; per run: throughput against batch size per detector (log-log, one
 * chart per model and device), the CPU vs GPU speed-up (only where both devices have rows that ran;
 * otherwise the page says why not), the detector overhead over the forward pass, AUROC against
 * throughput at the largest batch size with the Pareto front marked, per-detector score histograms
 * (ID against each OOD set) and ROC curves from the per-sample score files
 * ({@link ScoreFiles}: {@code scores/<model>/<detector>/<dataset>.txt}), and a table of every
 * accuracy metric with its bootstrap interval.
 */
public final class Report {
    public static final String HTML_FILE = "report.html";
    public static final String MARKDOWN_FILE = "report.md";
    public static final String FILES_DIR = "report-files";

    /** One heading and its content in both formats. */
    private static final class Section {
        final int level;
        final String title;
        final String anchor;
        final StringBuilder html = new StringBuilder();
        final StringBuilder md = new StringBuilder();

        Section(int level, String title, String anchor) {
            this.level = level;
            this.title = title;
            this.anchor = anchor;
        }
    }

    private final List<RunData> runs;
    private final List<Section> sections = new ArrayList<>();
    private final Map<String, byte[]> images = new LinkedHashMap<>();
    private final Set<String> anchors = new HashSet<>();

    private Report(List<RunData> runs) {
        this.runs = runs;
    }

    /** Writes report.html, report.md and report-files/ into {@code out}; returns the HTML file. */
    public static Path write(List<RunData> runs, Path out) throws IOException {
        if (runs.isEmpty()) throw new IllegalArgumentException("no run to report on");
        Report r = new Report(runs);
        r.build();
        Path files = out.resolve(FILES_DIR);
        Files.createDirectories(files);
        for (Map.Entry<String, byte[]> e : r.images.entrySet()) AtomicFiles.writeBytes(files.resolve(e.getKey()), e.getValue());
        // charts of an earlier report that this one no longer has
        try (var s = Files.list(files)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".png") && !r.images.containsKey(n)) Files.deleteIfExists(p);
            }
        }
        AtomicFiles.writeString(out.resolve(MARKDOWN_FILE), r.markdown());
        AtomicFiles.writeString(out.resolve(HTML_FILE), r.html());
        return out.resolve(HTML_FILE);
    }

    // ------------------------------------------------------------------ building blocks

    private Section section(int level, String title) {
        String base = slug(title);
        String a = base;
        for (int i = 2; !anchors.add(a); i++) a = base + "-" + i;
        Section s = new Section(level, title, a);
        sections.add(s);
        return s;
    }

    private static void subheading(Section s, String text) {
        s.html.append("<h4>").append(esc(text)).append("</h4>\n");
        s.md.append("#### ").append(md(text)).append("\n\n");
    }

    private static void para(Section s, String text) {
        s.html.append("<p>").append(esc(text)).append("</p>\n");
        s.md.append(md(text)).append("\n\n");
    }

    private static void note(Section s, String text) {
        s.html.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
        s.md.append("> ").append(md(text)).append("\n\n");
    }

    private void chart(Section s, String name, JFreeChart chart, int w, int h, String alt) throws IOException {
        chart(s, name, Charts.png(chart, w, h), alt, false);
    }

    private void chart(Section s, String name, byte[] png, String alt, boolean half) {
        String file = uniqueName(name);
        images.put(file, png);
        s.html.append("<img").append(half ? " class=\"half\"" : "").append(" alt=\"").append(esc(alt))
                .append("\" src=\"data:image/png;base64,").append(Base64.getEncoder().encodeToString(png)).append("\">\n");
        s.md.append("![").append(md(alt)).append("](").append(FILES_DIR).append('/')
                .append(file).append(")\n\n");
    }

    private String uniqueName(String name) {
        String base = slug(name);
        String f = base + ".png";
        for (int i = 2; images.containsKey(f); i++) f = base + "-" + i + ".png";
        return f;
    }

    private static void table(Section s, List<String> header, List<List<String>> rows, Set<String> boldCells) {
        s.html.append("<div class=\"scroll\"><table><tr>");
        for (String h : header) s.html.append("<th>").append(esc(h)).append("</th>");
        s.html.append("</tr>\n");
        for (int k = 0; k < rows.size(); k++) {
            List<String> r = rows.get(k);
            s.html.append("<tr>");
            for (int i = 0; i < r.size(); i++) {
                String v = r.get(i);
                boolean num = !v.isEmpty() && (Character.isDigit(v.charAt(0)) || v.startsWith("-") && v.length() > 1
                        && Character.isDigit(v.charAt(1)) || v.startsWith("x"));
                boolean bold = boldCells.contains(k + ":" + i);
                s.html.append(num ? "<td class=\"n\">" : "<td>").append(bold ? "<b>" : "").append(esc(v))
                        .append(bold ? "</b>" : "").append("</td>");
            }
            s.html.append("</tr>\n");
        }
        s.html.append("</table></div>\n");
        s.md.append("| ").append(header.stream().map(Report::md).collect(Collectors.joining(" | "))).append(" |\n|");
        s.md.append("---|".repeat(header.size())).append('\n');
        for (int k = 0; k < rows.size(); k++) {
            List<String> r = rows.get(k);
            s.md.append("| ");
            for (int i = 0; i < r.size(); i++) {
                String v = md(r.get(i));
                s.md.append(boldCells.contains(k + ":" + i) ? "**" + v + "**" : v).append(i == r.size() - 1 ? " |\n" : " | ");
            }
        }
        s.md.append('\n');
    }

    // ------------------------------------------------------------------ the report

    private void build() throws IOException {
        runsTable();
        if (runs.size() > 1) hardwareSideBySide();
        if (runs.size() >= TrendCharts.MIN_RUNS) trends();
        for (RunData run : runs) {
            String tag = runs.size() > 1 ? " — " + run.label() + " (" + run.host() + ")" : "";
            Section speed = section(2, "Speed" + tag);
            if (run.performance().isEmpty()) {
                note(speed, "This run has no performance results (no performance.csv or jmh.json).");
            } else {
                speedSummary(speed, run);
                throughput(run, tag);
                speedup(run, tag);
                overhead(run, tag);
            }
            if (!run.accuracy().isEmpty() && !run.performance().isEmpty()) pareto(run, tag);
            Section quality = section(2, "Detection quality" + tag);
            if (run.accuracy().isEmpty()) {
                note(quality, "This run has no accuracy results (no accuracy.csv).");
            } else {
                para(quality, "Fractions; OOD is the positive class; FPR95 is the FPR at the first threshold where TPR >= 0.95 "
                        + "(tied scores grouped); intervals are the bootstrap 95% bounds of the accuracy CSV.");
                scorePlots(run, tag);
                metricsTable(run, tag);
            }
        }
    }

    private void runsTable() {
        Section s = section(2, "Runs");
        List<List<String>> rows = new ArrayList<>();
        for (RunData r : runs) {
            long ok = r.performance().stream().filter(PerformanceRow::ok).count();
            long skipped = r.performance().stream().filter(p -> p.status().equals(PerformanceRow.SKIPPED)).count();
            long failed = r.performance().stream().filter(p -> p.status().equals(PerformanceRow.FAILED)).count();
            long accOk = r.accuracy().stream().filter(AccuracyRow::ok).count();
            RunInfo i = r.info();
            rows.add(List.of(r.label(), r.timestampUtc(), r.suiteVersion(), History.shortCommit(r.gitCommit()), r.host(),
                    r.cpu(), r.cores() > 0 ? Integer.toString(r.cores()) : "?", r.gpu(), i == null ? "?" : i.javaVersion(),
                    i == null ? "?" : i.tfVersion(), ok + " ok, " + skipped + " skipped, " + failed + " failed",
                    accOk + " of " + r.accuracy().size()));
        }
        table(s, List.of("run", "time (UTC)", "version", "commit", "host", "CPU", "cores", "GPU", "Java", "TensorFlow",
                "speed rows", "quality rows ok"), rows, Set.of());
        para(s, "Timings are JMH average times per batch; a commit marked + had uncommitted changes. Compare timings as "
                + "ratios, and across machines only with the hardware in view.");
    }

    private static String machine(RunData r) {
        return r.host() + " (" + r.cpu() + (r.cores() > 0 ? " x" + r.cores() : "") + ", GPU " + r.gpu() + ")";
    }

    /**
     * Each run's name in side-by-side charts and tables: its label (run id) and machine, so that two
     * runs of one machine stay apart; a label two runs share gets the run's position too.
     */
    static List<String> runNames(List<RunData> runs) {
        List<String> labels = runs.stream().map(RunData::label).toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            String l = labels.get(i);
            boolean shared = labels.indexOf(l) != labels.lastIndexOf(l);
            out.add(l + (shared ? " #" + (i + 1) : "") + ", " + machine(runs.get(i)));
        }
        return out;
    }

    /** Forward-pass images/s against batch size: one series per model, device and run. */
    static Map<String, List<double[]>> forwardSeries(List<RunData> runs) {
        List<String> names = runNames(runs);
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (PerformanceRow p : runs.get(i).performance()) {
                if (!p.ok() || !p.benchmark().equals("forward") || Double.isNaN(p.imagesPerS()) || p.batch() <= 0) continue;
                series.computeIfAbsent(p.model() + " " + p.device() + " — " + names.get(i), k -> new ArrayList<>())
                        .add(new double[] {p.batch(), p.imagesPerS()});
            }
        }
        series.values().forEach(l -> l.sort(Comparator.comparingDouble(p -> p[0])));
        return series;
    }

    private void hardwareSideBySide() throws IOException {
        Section s = section(2, "Hardware side by side");
        Map<String, List<double[]>> series = forwardSeries(runs);
        if (!series.isEmpty()) {
            chart(s, "hardware-forward", Charts.lines("Forward pass throughput by machine", "batch size", "images/s",
                    series, true, true), Charts.WIDTH, 600, "forward throughput by machine");
        }
        // images/s at each row's largest batch, one column per run
        Map<List<String>, Map<Integer, Double>> cells = new LinkedHashMap<>();
        Map<List<String>, Integer> batchOf = new HashMap<>();
        for (RunData r : runs) {
            for (PerformanceRow p : r.performance()) {
                if (!p.ok() || Double.isNaN(p.imagesPerS()) || p.batch() <= 0) continue;
                List<String> k = List.of(p.model(), p.benchmark(), p.detector(), p.device());
                batchOf.merge(k, p.batch(), Math::max);
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            for (PerformanceRow p : runs.get(i).performance()) {
                List<String> k = List.of(p.model(), p.benchmark(), p.detector(), p.device());
                if (!p.ok() || Double.isNaN(p.imagesPerS()) || !Integer.valueOf(p.batch()).equals(batchOf.get(k))) continue;
                cells.computeIfAbsent(k, x -> new LinkedHashMap<>()).put(i, p.imagesPerS());
            }
        }
        if (cells.isEmpty()) {
            note(s, "No run has throughput rows to compare.");
            return;
        }
        List<String> header = new ArrayList<>(List.of("model", "benchmark", "detector", "device", "batch"));
        for (String r : runNames(runs)) header.add("images/s: " + r);
        if (runs.size() == 2) header.add("second / first");
        List<List<String>> rows = new ArrayList<>();
        for (Map.Entry<List<String>, Map<Integer, Double>> e : cells.entrySet()) {
            List<String> row = new ArrayList<>(e.getKey().subList(0, 4));
            row.set(2, row.get(2).isEmpty() ? "-" : row.get(2));
            row.add(Integer.toString(batchOf.get(e.getKey())));
            for (int i = 0; i < runs.size(); i++) {
                Double v = e.getValue().get(i);
                row.add(v == null ? "-" : String.format(Locale.ROOT, "%,.0f", v));
            }
            if (runs.size() == 2) {
                Double a = e.getValue().get(0);
                Double b = e.getValue().get(1);
                row.add(a == null || b == null ? "-" : String.format(Locale.ROOT, "x%.2f", b / a));
            }
            rows.add(row);
        }
        para(s, "Images per second at each benchmark's largest batch size, one column per run, labelled with its run id, "
                + "host, CPU and GPU.");
        table(s, header, rows, Set.of());
    }

    /** The headline series over the runs with their change points (built by {@link TrendCharts}). */
    private void trends() throws IOException {
        for (TrendCharts.Trend t : TrendCharts.of(runs)) {
            Section s = section(3, "Trend: " + t.title());
            para(s, t.caption());
            chart(s, "trend-" + t.title(), TrendCharts.chart(t), Charts.WIDTH, 520, t.title());
        }
    }

    private void speedSummary(Section s, RunData run) {
        long skipped = run.performance().stream().filter(p -> p.status().equals(PerformanceRow.SKIPPED)).count();
        List<PerformanceRow> failed = run.performance().stream().filter(p -> p.status().equals(PerformanceRow.FAILED)).toList();
        para(s, "Machine: " + machine(run) + ". JMH average time per batch, turned into images per second.");
        if (skipped > 0) {
            Map<String, Long> notes = run.performance().stream().filter(p -> p.status().equals(PerformanceRow.SKIPPED))
                    .collect(Collectors.groupingBy(p -> p.device() + ": " + p.note(), LinkedHashMap::new, Collectors.counting()));
            notes.forEach((n, c) -> note(s, c + " combinations skipped on " + n));
        }
        for (PerformanceRow f : failed) {
            note(s, "failed: " + f.key() + (f.note().isEmpty() ? "" : " (" + f.note() + ")"));
        }
    }

    private void throughput(RunData run, String tag) throws IOException {
        for (String model : distinct(run.performance(), PerformanceRow::model)) {
            for (String device : distinct(run.performance(), PerformanceRow::device)) {
                Map<String, List<double[]>> series = new LinkedHashMap<>();
                for (PerformanceRow p : run.performance()) {
                    if (!p.ok() || !p.model().equals(model) || !p.device().equals(device) || p.batch() <= 0
                            || Double.isNaN(p.imagesPerS())) continue;
                    if (!p.benchmark().equals("score") && !p.benchmark().equals("forward")) continue;
                    String name = p.benchmark().equals("forward") ? "forward (model only)" : p.detector();
                    if (!p.threads().isEmpty() && distinct(run.performance(), PerformanceRow::threads).size() > 1) {
                        name += " t=" + p.threads();
                    }
                    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {p.batch(), p.imagesPerS()});
                }
                if (series.isEmpty()) continue;
                series.values().forEach(l -> l.sort(Comparator.comparingDouble(p -> p[0])));
                Section s = section(3, "Throughput: " + model + " on " + device + tag);
                para(s, "Images per second against batch size, one line per detector (its score computed in the same "
                        + "session run as the model); black: the model's forward pass alone. Log-log axes.");
                chart(s, run.label() + "-" + model + "-" + device + "-throughput",
                        Charts.lines(model + " on " + device + ": images/s by batch size", "batch size", "images/s (log)",
                                series, true, true), Charts.WIDTH, 600 + 8 * Math.max(0, series.size() - 8),
                        "throughput of " + model + " on " + device);
            }
        }
    }

    private void speedup(RunData run, String tag) throws IOException {
        Section s = section(3, "CPU vs GPU speed-up" + tag);
        Map<List<String>, Double> cpu = new LinkedHashMap<>();
        Map<List<String>, Double> gpu = new LinkedHashMap<>();
        for (PerformanceRow p : run.performance()) {
            if (!p.ok() || p.batch() <= 0 || !(p.benchmark().equals("score") || p.benchmark().equals("forward"))) continue;
            List<String> k = List.of(p.model(), p.benchmark().equals("forward") ? "forward (model only)" : p.detector(),
                    p.batchSize(), p.threads());
            if (p.device().equals("cpu")) cpu.put(k, p.secondsPerOp());
            if (p.device().equals("gpu")) gpu.put(k, p.secondsPerOp());
        }
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (Map.Entry<List<String>, Double> e : cpu.entrySet()) {
            Double g = gpu.get(e.getKey());
            if (g == null || !(g > 0)) continue;
            series.computeIfAbsent(e.getKey().get(0) + " " + e.getKey().get(1), x -> new ArrayList<>())
                    .add(new double[] {Double.parseDouble(e.getKey().get(2)), e.getValue() / g});
        }
        if (series.isEmpty()) {
            List<PerformanceRow> notRun = run.performance().stream().filter(p -> p.device().equals("gpu") && !p.ok()).toList();
            String msg;
            if (!gpu.isEmpty()) {
                msg = "No combination ran on both CPU and GPU in this run, so there is no CPU vs GPU speed-up chart.";
            } else if (!notRun.isEmpty()) {
                String why = notRun.stream().map(PerformanceRow::note).filter(n -> !n.isEmpty()).findFirst().orElse(notRun.get(0).status());
                msg = "No GPU rows ran in this run (" + notRun.size() + " GPU combinations " + notRun.get(0).status() + ": " + why
                        + "), so there is no CPU vs GPU speed-up chart.";
            } else {
                msg = "No GPU rows ran in this run (it timed " + String.join(", ", distinct(run.performance(), PerformanceRow::device))
                        + " only), so there is no CPU vs GPU speed-up chart.";
            }
            note(s, msg);
            return;
        }
        series.values().forEach(l -> l.sort(Comparator.comparingDouble(p -> p[0])));
        para(s, "Time per batch on CPU divided by time on GPU, same run, per detector and batch size (above 1: the GPU is faster).");
        chart(s, run.label() + "-speedup", Charts.lines("GPU speed-up over CPU (CPU time / GPU time)", "batch size",
                "speed-up (log)", series, true, true), Charts.WIDTH, 600, "GPU speed-up over CPU");
    }

    private void overhead(RunData run, String tag) throws IOException {
        overhead(run, tag, "score", "Detector overhead over the forward pass", "Score time over forward time - 1",
                "Extra time of each detector's score over the model's forward pass alone, at the largest batch size. "
                        + "Differences of a few percent are within the timing noise of a shared machine.");
        overhead(run, tag, "head", "Detector ops alone (head benchmark)", "Detector ops time / forward time",
                "Time of each detector's own ops (logits and features fed in, the forward pass pruned away) over the "
                        + "model's forward pass, at the largest batch size: the detector's added cost measured directly "
                        + "rather than as the difference of two noisy timings.");
    }

    private void overhead(RunData run, String tag, String bench, String heading, String title, String text) throws IOException {
        List<PerformanceRow> measured = run.performance().stream().filter(p -> p.ok() && p.benchmark().equals(bench)
                && !Double.isNaN(p.overheadVsForward())).toList();
        if (measured.isEmpty()) return;
        Section s = section(3, heading + tag);
        for (String device : distinct(measured, PerformanceRow::device)) {
            int biggest = measured.stream().filter(p -> p.device().equals(device)).mapToInt(PerformanceRow::batch).max().orElse(0);
            DefaultCategoryDataset data = new DefaultCategoryDataset();
            List<PerformanceRow> rows = measured.stream().filter(p -> p.device().equals(device) && p.batch() == biggest)
                    .sorted(Comparator.comparingDouble(PerformanceRow::overheadVsForward)).toList();
            for (PerformanceRow p : rows) data.addValue(100 * p.overheadVsForward(), p.model(), p.detector());
            int bars = data.getColumnCount() * Math.max(1, data.getRowCount());
            chart(s, run.label() + "-" + device + "-" + bench + "-overhead", Charts.bars(title + ", " + device
                    + ", batch " + biggest, "detector", "overhead (% of the forward pass)", data, "0.#"), Charts.WIDTH,
                    170 + 24 * bars, "detector overhead (" + bench + ") on " + device);
        }
        para(s, text);
    }

    /** The AUROC a detector is ranked by: its far-OOD average when there is one, else its mean over the OOD sets. */
    private static Map<String, double[]> headlineAuroc(List<AccuracyRow> acc, String model, boolean[] usedFar) {
        Map<String, double[]> far = new LinkedHashMap<>();
        Map<String, double[]> mean = new LinkedHashMap<>(); // sum, n
        for (AccuracyRow a : acc) {
            if (!a.ok() || !a.model().equals(model) || Double.isNaN(a.auroc())) continue;
            if (a.oodDataset().equals("far-average")) far.put(a.detector(), new double[] {a.auroc(), 1});
            if (!a.isAverage()) {
                double[] m = mean.computeIfAbsent(a.detector(), k -> new double[2]);
                m[0] += a.auroc();
                m[1]++;
            }
        }
        usedFar[0] = !far.isEmpty();
        Map<String, double[]> out = new LinkedHashMap<>();
        (far.isEmpty() ? mean : far).forEach((k, v) -> out.put(k, new double[] {v[0] / v[1]}));
        return out;
    }

    /** The accuracy detector a performance detector spec stands for ("knn:bank_fraction=0.25" is knn). */
    private static String baseName(String spec) {
        int i = spec.indexOf(':');
        return i < 0 ? spec : spec.substring(0, i);
    }

    private void pareto(RunData run, String tag) throws IOException {
        for (String model : distinct(run.accuracy(), AccuracyRow::model)) {
            boolean[] usedFar = new boolean[1];
            Map<String, double[]> auroc = headlineAuroc(run.accuracy(), model, usedFar);
            if (auroc.isEmpty()) continue;
            for (String device : distinct(run.performance(), PerformanceRow::device)) {
                List<PerformanceRow> score = run.performance().stream().filter(p -> p.ok() && p.model().equals(model)
                        && p.device().equals(device) && p.benchmark().equals("score") && !Double.isNaN(p.imagesPerS())).toList();
                if (score.isEmpty()) continue;
                int biggest = score.stream().mapToInt(PerformanceRow::batch).max().orElse(0);
                List<String> names = new ArrayList<>();
                List<double[]> pts = new ArrayList<>();
                for (PerformanceRow p : score) {
                    if (p.batch() != biggest) continue;
                    double[] a = auroc.containsKey(p.detector()) ? auroc.get(p.detector()) : auroc.get(baseName(p.detector()));
                    if (a == null) continue;
                    names.add(p.detector());
                    pts.add(new double[] {p.imagesPerS(), a[0]});
                }
                if (pts.isEmpty()) continue;
                List<Integer> front = new ArrayList<>();
                for (int i = 0; i < pts.size(); i++) {
                    double[] p = pts.get(i);
                    boolean dominated = false;
                    for (double[] q : pts) {
                        if (q != p && q[0] >= p[0] && q[1] >= p[1] && (q[0] > p[0] || q[1] > p[1])) dominated = true;
                    }
                    if (!dominated) front.add(i);
                }
                Map<String, List<double[]>> series = new LinkedHashMap<>();
                series.put("detectors", pts);
                List<double[]> frontPts = front.stream().map(pts::get).sorted(Comparator.comparingDouble(p -> p[0])).toList();
                String metric = usedFar[0] ? "far-OOD average AUROC" : "mean AUROC over the OOD sets";
                JFreeChart chart = Charts.scatter(model + " on " + device + ": " + metric + " against throughput (batch "
                        + biggest + ")", "images/s (log)", metric, series, true);
                var plot = chart.getXYPlot();
                var fs = new XYSeries("Pareto front (no detector is both faster and better)", false, true);
                for (double[] p : frontPts) fs.add(p[0], p[1]);
                plot.setDataset(1, new XYSeriesCollection(fs));
                var fr = new XYLineAndShapeRenderer(true, true);
                fr.setSeriesPaint(0, new Color(0xd62728));
                fr.setSeriesStroke(0, new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND,
                        1f, new float[] {7f, 5f}, 0f));
                fr.setSeriesShape(0, new Ellipse2D.Double(-8, -8, 16, 16));
                fr.setSeriesShapesFilled(0, false);
                plot.setRenderer(1, fr);
                plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
                for (int i = 0; i < pts.size(); i++) Charts.label(chart, names.get(i), pts.get(i)[0], pts.get(i)[1]);
                double lo = pts.stream().mapToDouble(p -> p[1]).min().orElse(0);
                double hi = pts.stream().mapToDouble(p -> p[1]).max().orElse(1);
                double pad = Math.max(0.002, (hi - lo) * 0.12);
                plot.getRangeAxis().setRange(lo - pad, Math.min(1.0 + pad / 2, hi + pad));
                // room on the right for the labels of the fastest detectors
                var x = (LogAxis) plot.getDomainAxis();
                x.setRange(x.getLowerBound(), x.getUpperBound() * 1.6);
                Section s = section(3, "Quality against speed: " + model + " on " + device + tag);
                para(s, "Each detector's " + metric + " against its throughput at batch " + biggest + ". Circled and joined: "
                        + "the Pareto front, the detectors no other beats on both speed and quality ("
                        + front.stream().map(names::get).collect(Collectors.joining(", ")) + ").");
                chart(s, run.label() + "-" + model + "-" + device + "-pareto", chart, Charts.WIDTH, 620,
                        "AUROC against throughput, " + model + " on " + device);
            }
        }
    }

    private void scorePlots(RunData run, String tag) throws IOException {
        Path scores = Files.isDirectory(run.source()) ? run.source().resolve(ScoreFiles.DIR) : null;
        if (scores == null || !Files.isDirectory(scores)) {
            Section s = section(3, "Score distributions and ROC curves" + tag);
            note(s, "This run saved no per-sample scores (scores/<model>/<detector>/<dataset>.txt), so there are no "
                    + "histograms or ROC curves; `oodbench eval --save-scores` and the benchmark suite write them.");
            return;
        }
        Path runDir = run.source();
        for (String model : distinct(run.accuracy(), AccuracyRow::model)) {
            List<AccuracyRow> rows = run.accuracy().stream().filter(a -> a.model().equals(model) && a.ok() && !a.isAverage()).toList();
            if (rows.isEmpty()) continue;
            Section s = section(3, "Score distributions and ROC curves: " + model + tag);
            // overview: every detector's ROC on the first OOD set (the near set when there is one)
            String first = rows.stream().filter(a -> a.oodGroup().equals("near")).map(AccuracyRow::oodDataset).findFirst()
                    .orElse(rows.get(0).oodDataset());
            String idSet = rows.get(0).idDataset();
            Map<String, List<double[]>> overview = new LinkedHashMap<>();
            List<AccuracyRow> ranked = rows.stream().filter(a -> a.oodDataset().equals(first))
                    .sorted(Comparator.comparingDouble(a -> -a.auroc())).toList();
            int missing = 0;
            for (AccuracyRow a : ranked) {
                if (overview.size() >= 10) break;
                if (!ScoreFiles.exists(runDir, model, a.detector(), a.idDataset()) || !ScoreFiles.exists(runDir, model, a.detector(), first)) continue;
                RocCurve roc = RocCurve.of(ScoreFiles.read(runDir, model, a.detector(), a.idDataset()),
                        ScoreFiles.read(runDir, model, a.detector(), first));
                overview.put(String.format(Locale.ROOT, "%s (AUROC %.3f)", a.detector(), roc.auroc()), rocPoints(roc));
            }
            if (!overview.isEmpty()) {
                para(s, "ROC curves of the " + (ranked.size() > 10 ? "ten best detectors" : "detectors") + " on " + idSet
                        + " (ID) against " + first + " (OOD), exact (ties grouped).");
                chart(s, run.label() + "-" + model + "-roc-overview", Charts.roc("ROC: " + idSet + " vs " + first, overview),
                        Charts.WIDTH, 640, "ROC curves on " + first);
            }
            para(s, "Per detector, best first: ID and OOD score distributions (the less they overlap, the better; "
                    + "range clipped to the 0.5th-99.5th percentile) and ROC curves against each OOD set.");
            List<String> detectors = rows.stream().collect(Collectors.groupingBy(AccuracyRow::detector, LinkedHashMap::new,
                            Collectors.averagingDouble(AccuracyRow::auroc))).entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).map(Map.Entry::getKey).toList();
            for (String det : detectors) {
                List<AccuracyRow> dr = rows.stream().filter(a -> a.detector().equals(det)).toList();
                String id = dr.get(0).idDataset();
                if (!ScoreFiles.exists(runDir, model, det, id)) {
                    missing++;
                    continue;
                }
                double[] idScores = ScoreFiles.read(runDir, model, det, id);
                Map<String, double[]> ood = new LinkedHashMap<>();
                Map<String, List<double[]>> curves = new LinkedHashMap<>();
                for (AccuracyRow a : dr) {
                    if (!ScoreFiles.exists(runDir, model, det, a.oodDataset())) continue;
                    double[] o = ScoreFiles.read(runDir, model, det, a.oodDataset());
                    if (o.length == 0 || idScores.length == 0) continue;
                    ood.put(a.oodDataset(), o);
                    RocCurve roc = RocCurve.of(idScores, o);
                    curves.put(String.format(Locale.ROOT, "%s (AUROC %.3f)", a.oodDataset(), roc.auroc()), rocPoints(roc));
                }
                if (ood.isEmpty()) {
                    missing++;
                    continue;
                }
                s.html.append("<h4>").append(esc(det)).append("</h4><div class=\"pair\">\n");
                s.md.append("#### ").append(md(det)).append("\n\n");
                String params = dr.get(0).detectorParams();
                String title = det + (params.isEmpty() ? "" : " (" + params + ")");
                chart(s, run.label() + "-" + model + "-" + det + "-hist", Charts.png(Charts.histogram(title + ": scores", id,
                        idScores, ood), 640, 440), det + " score histogram", true);
                chart(s, run.label() + "-" + model + "-" + det + "-roc", Charts.png(Charts.roc(title + ": ROC", curves), 640, 440),
                        det + " ROC curves", true);
                s.html.append("</div>\n");
            }
            if (missing > 0) note(s, missing + " detector(s) of " + model + " have no score files in this run.");
        }
    }

    /** The curve's points for plotting (at most about 500; the metrics use every point). */
    private static List<double[]> rocPoints(RocCurve roc) {
        double[] fpr = roc.fpr();
        double[] tpr = roc.tpr();
        int step = Math.max(1, fpr.length / 500);
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < fpr.length; i += step) pts.add(new double[] {fpr[i], tpr[i]});
        pts.add(new double[] {fpr[fpr.length - 1], tpr[tpr.length - 1]});
        return pts;
    }

    private void metricsTable(RunData run, String tag) {
        Section s = section(3, "Every metric" + tag);
        para(s, "One table per model and ID set. Per-dataset rows first, ordered by OOD set and AUROC; then the near/far "
                + "group averages (plain averages of the per-dataset rows, without intervals). Bold: the best AUROC and "
                + "FPR95 for each OOD set. Datasets that were not present are listed below each table.");
        List<String> header = List.of("detector", "params", "OOD set", "group", "n OOD", "AUROC [95% CI]",
                "FPR95 [95% CI]", "FPR95 (ID pos.)", "TNR95", "AUPR-In", "AUPR-Out", "detection error");
        Map<List<String>, List<AccuracyRow>> byModel = run.accuracy().stream().collect(Collectors.groupingBy(
                a -> List.of(a.model(), a.idDataset()), LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<List<String>, List<AccuracyRow>> e : byModel.entrySet()) {
            List<AccuracyRow> rowsOf = e.getValue();
            int nId = rowsOf.stream().mapToInt(AccuracyRow::nId).max().orElse(0);
            subheading(s, e.getKey().get(0) + ", ID: " + e.getKey().get(1) + " (" + nId + " images)");
            // the best AUROC and FPR95 per OOD set in bold
            Map<String, Double> bestAuroc = new HashMap<>();
            Map<String, Double> bestFpr = new HashMap<>();
            for (AccuracyRow a : rowsOf) {
                if (!a.ok()) continue;
                bestAuroc.merge(a.oodDataset(), a.auroc(), Math::max);
                bestFpr.merge(a.oodDataset(), a.fpr95(), Math::min);
            }
            List<List<String>> rows = new ArrayList<>();
            Set<String> bold = new HashSet<>();
            List<AccuracyRow> sorted = rowsOf.stream().filter(AccuracyRow::ok).sorted(Comparator
                    .comparing(AccuracyRow::isAverage).thenComparing(AccuracyRow::oodDataset)
                    .thenComparing(a -> -(Double.isNaN(a.auroc()) ? -1 : a.auroc()))).toList();
            for (AccuracyRow a : sorted) {
                int k = rows.size();
                if (a.auroc() == bestAuroc.get(a.oodDataset())) bold.add(k + ":5");
                if (a.fpr95() == bestFpr.get(a.oodDataset())) bold.add(k + ":6");
                rows.add(List.of(a.detector(), a.detectorParams(), a.oodDataset(), a.oodGroup(), Integer.toString(a.nOod()),
                        ci(a.auroc(), a.aurocLo(), a.aurocHi()), ci(a.fpr95(), a.fpr95Lo(), a.fpr95Hi()),
                        f4(a.metrics().fpr95IdPos()), f4(a.metrics().tnr95()), f4(a.metrics().auprIn()), f4(a.metrics().auprOut()),
                        f4(a.metrics().detectionError())));
            }
            table(s, header, rows, bold);
            Map<String, String> skipped = new LinkedHashMap<>();
            for (AccuracyRow a : rowsOf) if (!a.ok()) skipped.putIfAbsent(a.oodDataset(), a.note());
            skipped.forEach((set, why) -> note(s, "skipped " + set + ": " + why));
        }
    }

    private static String ci(double v, double lo, double hi) {
        if (Double.isNaN(v)) return "";
        return f4(v) + (Double.isNaN(lo) || Double.isNaN(hi) ? "" : " [" + f4(lo) + ", " + f4(hi) + "]");
    }

    private static String f4(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static <T> List<String> distinct(List<T> rows, Function<T, String> f) {
        return new ArrayList<>(rows.stream().map(f).filter(x -> x != null && !x.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    static String slug(String s) {
        String x = s.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT).replaceAll("^-+|-+$", "");
        return x.isEmpty() ? "x" : x.length() > 120 ? x.substring(0, 120) : x;
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /**
     * Text made safe for Markdown: outside `code spans`, HTML's {@code & < >} become entities (so a
     * {@code <script>} or {@code <img onerror>} from a CSV field is shown, never run, as in the HTML
     * report) and Markdown's own {@code \ [ ] * _ |} are backslash-escaped (no injected links,
     * emphasis or table cells).
     */
    static String md(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length() + 16);
        boolean code = false;
        // an unmatched backtick opens no span (Markdown shows it as text): escape it and keep escaping
        int lone = s.chars().filter(c -> c == '`').count() % 2 == 1 ? s.lastIndexOf('`') : -1;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (i == lone) {
                b.append("\\`");
                continue;
            }
            if (ch == '`') code = !code;
            if (code || ch == '`') {
                b.append(ch);
                continue;
            }
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\\', '[', ']', '*', '_', '|' -> b.append('\\').append(ch);
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ output

    private String title() {
        if (runs.size() == 1) return "oodbench report: " + runs.get(0).label();
        return "oodbench report: " + runs.size() + " runs";
    }

    private String html() {
        StringBuilder sb = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" + esc(title()) + "</title><style>\n"
                + "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;line-height:1.45;"
                + "max-width:1320px;margin:1.5em auto;padding:0 1.2em;color:#1d1d1d}\n"
                + "h1{font-size:1.9em;margin-bottom:.2em}h2{font-size:1.45em;margin-top:2.2em;border-bottom:2px solid #ddd;padding-bottom:.2em}"
                + "h3{font-size:1.2em;margin-top:1.8em}h4{font-size:1.05em;margin:1.2em 0 .3em}\n"
                + ".scroll{overflow-x:auto}table{border-collapse:collapse;font-size:14px;margin:.6em 0}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}"
                + "th{background:#f1f3f5;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td{white-space:nowrap}"
                + "tr:nth-child(even) td{background:#fafafa}\n"
                + "img{max-width:100%;height:auto;border:1px solid #e3e3e3;margin:.3em 0}"
                + ".pair{display:flex;flex-wrap:wrap;gap:10px}.pair img.half{width:calc(50% - 6px);min-width:420px}\n"
                + ".note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5em .8em}"
                + "nav ul{columns:2;font-size:14px}code{background:#f3f3f3;padding:0 3px}\n"
                + "</style></head><body>\n<h1>").append(esc(title())).append("</h1>\n");
        sb.append("<p>Generated ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                .append(" by oodbench from ").append(runs.size()).append(runs.size() == 1 ? " run" : " runs").append(".</p>\n");
        sb.append("<nav><ul>");
        for (Section s : sections) {
            if (s.level > 3) continue;
            sb.append("<li").append(s.level == 3 ? " style=\"margin-left:1.2em\"" : "").append("><a href=\"#").append(s.anchor)
                    .append("\">").append(esc(s.title)).append("</a></li>");
        }
        sb.append("</ul></nav>\n");
        for (Section s : sections) {
            sb.append("<h").append(s.level).append(" id=\"").append(s.anchor).append("\">").append(esc(s.title))
                    .append("</h").append(s.level).append(">\n").append(s.html);
        }
        return sb.append("</body></html>\n").toString();
    }

    private String markdown() {
        StringBuilder sb = new StringBuilder("# ").append(md(title())).append("\n\n");
        sb.append("Charts are in `").append(FILES_DIR).append("/`; `").append(HTML_FILE)
                .append("` holds the same report in one self-contained file.\n\n");
        for (Section s : sections) sb.append("#".repeat(s.level)).append(' ').append(md(s.title)).append("\n\n").append(s.md);
        return sb.toString();
    }

}
