package dev.oodbench.report;

import dev.oodbench.metrics.RocCurve;
import dev.oodbench.report.Document.Cell;
import dev.oodbench.report.Document.Chart;
import dev.oodbench.report.Document.ChartData;
import dev.oodbench.report.Document.ChartGrid;
import dev.oodbench.report.Document.Point;
import dev.oodbench.report.Document.Section;
import dev.oodbench.report.Document.Series;
import dev.oodbench.report.Document.Table;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.ScoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;

/**
 * The state of one run, or a hardware comparison of several runs (one per machine or device), as a
 * {@link Document} written twice: {@code report.html}, self-contained (every chart embedded as a base64
 * PNG), and {@code report.md}, whose charts are PNG files in {@code report-files/} beside it. Both are
 * written atomically.
 *
 * <p>One run: the run and its machine; speed: a table of every timed row with its interval, throughput
 * against batch size with error bars (small multiples of at most six detectors, fastest first), the CPU vs
 * GPU speed-up with intervals where both devices ran, each detector's overhead over the forward pass from
 * the paired rounds only (interval bars, a mark where the interval holds zero), and AUROC against
 * throughput where only points whose intervals separate are told apart; quality: ROC curves and score
 * histograms from the per-sample score files ({@link ScoreFiles}) and every metric with its interval.
 *
 * <p>Several runs: the runs, their machines side by side, and per run against the first one table and one
 * chart of time ratios with intervals (plus the CPU vs GPU speed-up of a run that has GPU rows).
 *
 * <p>Colours: one per detector and one per model, the same in every chart ({@link Colours}). Sections are
 * built in {@link #build()}; a new kind of section is a method (or a class) that calls {@link #section}
 * and adds blocks to it.
 */
public final class Report {
    public static final String HTML_FILE = "report.html";
    public static final String MARKDOWN_FILE = "report.md";
    public static final String FILES_DIR = "report-files";

    /** Detectors per panel of the throughput small multiples. */
    static final int PANEL = 6;

    private final List<RunData> runs;
    private final Colours colours;
    private final List<Section> sections = new ArrayList<>();
    private final Set<String> anchors = new HashSet<>();
    private final Set<String> files = new HashSet<>();

    private Report(List<RunData> runs) {
        this.runs = runs;
        Set<String> detectors = new TreeSet<>();
        Set<String> models = new TreeSet<>();
        Set<String> sets = new TreeSet<>();
        for (RunData r : runs) {
            for (PerformanceRow p : r.performance()) {
                if (!p.detector().isEmpty()) detectors.add(p.detector());
                if (!p.model().isEmpty()) models.add(p.model());
            }
            for (AccuracyRow a : r.accuracy()) {
                detectors.add(a.detector());
                models.add(a.model());
                sets.add(a.oodDataset());
            }
        }
        this.colours = new Colours(detectors, models, sets);
    }

    /** The report on {@code runs} as a document (nothing written). */
    public static Document document(List<RunData> runs) throws IOException {
        if (runs.isEmpty()) throw new IllegalArgumentException("no run to report on");
        Report r = new Report(runs);
        r.build();
        return new Document(r.title(), List.copyOf(r.sections));
    }

    /** Writes report.html, report.md and report-files/ into {@code out}; returns the HTML file. */
    public static Path write(List<RunData> runs, Path out) throws IOException {
        Document doc = document(runs);
        Path dir = out.resolve(FILES_DIR);
        Files.createDirectories(dir);
        Set<String> written = new HashSet<>();
        for (Chart c : charts(doc)) {
            AtomicFiles.writeBytes(dir.resolve(c.file()), c.png());
            written.add(c.file());
        }
        // charts of an earlier report in this folder that this one no longer has
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".png") && !written.contains(n)) Files.deleteIfExists(p);
            }
        }
        String generated = "Generated " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by oodbench from " + runs.size()
                + (runs.size() == 1 ? " run." : " runs.");
        AtomicFiles.writeString(out.resolve(MARKDOWN_FILE), MarkdownWriter.write(doc, FILES_DIR, HTML_FILE));
        AtomicFiles.writeString(out.resolve(HTML_FILE), HtmlWriter.write(doc, generated));
        return out.resolve(HTML_FILE);
    }

    /** Every chart of the document, in order. */
    public static List<Chart> charts(Document doc) {
        List<Chart> out = new ArrayList<>();
        for (Section s : doc.sections()) {
            for (Document.Block b : s.blocks()) {
                if (b instanceof Chart c) out.add(c);
                if (b instanceof ChartGrid g) out.addAll(g.charts());
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ building blocks

    /** A new section at the end of the report. */
    Section section(int level, String title) {
        String base = slug(title);
        String a = base;
        for (int i = 2; !anchors.add(a); i++) a = base + "-" + i;
        Section s = new Section(level, title, a);
        sections.add(s);
        return s;
    }

    /** A chart block: the PNG drawn from {@code data}, under a file name unique in this report. */
    Chart chart(String name, ChartData data, JFreeChart chart, int w, int h, String alt) throws IOException {
        String base = slug(name);
        String f = base + ".png";
        for (int i = 2; !files.add(f); i++) f = base + "-" + i + ".png";
        return new Chart(f, alt, Charts.png(chart, w, h), data);
    }

    /** The runs this report is on, in the order given. */
    List<RunData> runs() {
        return runs;
    }

    /** The report's colours: a detector, model or data set has the same colour in every chart. */
    Colours colours() {
        return colours;
    }

    private static Cell text(String s) {
        return Cell.of(s);
    }

    // ------------------------------------------------------------------ the report

    /**
     * The sections, in order. A new kind of section is a method here or a class in this package that
     * takes this report and adds its sections with {@link #section} and {@link #chart} (using
     * {@link #runs()} and {@link #colours()}), called from here.
     */
    private void build() throws IOException {
        runsTable();
        machines();
        if (runs.size() > 1) {
            for (int i = 1; i < runs.size(); i++) hardwareComparison(runs.get(0), runs.get(i));
            for (RunData run : runs) {
                if (run.performance().stream().anyMatch(p -> p.ok() && p.device().equals("gpu"))) speedup(run, tag(run));
            }
            if (runs.size() >= TrendCharts.MIN_RUNS) trends();
            Section s = section(2, "Each run in detail");
            s.text("This page compares the runs. Each run's own report (every timed row, throughput, overheads, "
                    + "detection quality) is written by `oodbench report <run folder>`.");
            return;
        }
        RunData run = runs.get(0);
        Section speed = section(2, "Speed");
        if (run.performance().isEmpty()) {
            speed.note("This run has no performance results (no performance.csv or jmh.json).");
        } else {
            speedSummary(speed, run);
            timedRows(run);
            throughput(run);
            speedup(run, "");
            overhead(run);
        }
        if (!run.accuracy().isEmpty() && !run.performance().isEmpty()) pareto(run);
        Section quality = section(2, "Detection quality");
        if (run.accuracy().isEmpty()) {
            quality.note("This run has no accuracy results (no accuracy.csv).");
        } else {
            quality.text("Fractions; OOD is the positive class; FPR95 is the FPR at the first threshold where TPR >= 0.95 "
                    + "(tied scores grouped); intervals are the bootstrap 95% bounds of the accuracy CSV.");
            scorePlots(run);
            metricsTable(run);
        }
    }

    /** The headline series over the runs with their intervals and change points (built by {@link TrendCharts}). */
    private void trends() throws IOException {
        for (TrendCharts.Trend t : TrendCharts.of(runs)) {
            Section s = section(3, "Trend: " + t.title());
            s.text(t.caption());
            s.add(chart("trend-" + t.title(), TrendCharts.data(t), TrendCharts.chart(t), Charts.WIDTH, 520, t.title()));
        }
    }

    private String tag(RunData run) {
        return runs.size() > 1 ? " — " + letter(run) : "";
    }

    /** A run's short name in a comparison: A, B, C, ... in the order given (run ids are long). */
    private String letter(RunData run) {
        int i = runs.indexOf(run);
        return i < 26 ? String.valueOf((char) ('A' + i)) : "run " + (i + 1);
    }

    private void runsTable() {
        Section s = section(2, runs.size() == 1 ? "Run" : "Runs");
        List<List<Cell>> rows = new ArrayList<>();
        for (RunData r : runs) {
            long ok = r.performance().stream().filter(PerformanceRow::ok).count();
            long skipped = r.performance().stream().filter(p -> p.status().equals(PerformanceRow.SKIPPED)).count();
            long failed = r.performance().stream().filter(p -> p.status().equals(PerformanceRow.FAILED)).count();
            long accOk = r.accuracy().stream().filter(AccuracyRow::ok).count();
            rows.add(List.of(text(runs.size() > 1 ? letter(r) + ": " + r.label() : r.label()), text(r.timestampUtc()), text(r.suiteVersion()),
                    text(History.shortCommit(r.gitCommit())), text(r.host()), text(threads(r)),
                    text(ok + " ok, " + skipped + " skipped, " + failed + " failed"), text(accOk + " of " + r.accuracy().size())));
        }
        s.add(new Table("", List.of("run", "time (UTC)", "version", "commit", "host", "TF threads", "speed rows",
                "quality rows ok"), rows, false));
        s.text("A commit marked + had uncommitted changes. TF threads: TensorFlow's intra-op thread counts timed "
                + "(0 = TensorFlow's default, one per core).");
    }

    /** The thread settings a run timed, e.g. "1" or "0, 2". */
    static String threads(RunData r) {
        String t = r.performance().stream().filter(PerformanceRow::ok).map(PerformanceRow::threads).filter(x -> !x.isEmpty())
                .distinct().sorted().collect(Collectors.joining(", "));
        return t.isEmpty() ? "-" : t;
    }

    /** Each run's machine, one column per run: enough to tell two machines apart. */
    private void machines() {
        Section s = section(2, runs.size() == 1 ? "Machine" : "Machines");
        List<String> header = new ArrayList<>(List.of(""));
        for (RunData r : runs) header.add(runs.size() > 1 ? letter(r) : r.label());
        List<String> names = List.of("host", "CPU", "instruction-set extensions", "cores", "memory", "OS", "Java",
                "TensorFlow", "TensorFlow build", "oneDNN", "GPU", "GPU driver", "TF threads timed", "devices timed");
        List<List<Cell>> rows = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            List<Cell> row = new ArrayList<>(List.of(text(names.get(k))));
            for (RunData r : runs) row.add(text(machineField(r, k)));
            rows.add(row);
        }
        s.add(new Table("", header, rows, false));
        if (runs.stream().anyMatch(r -> r.info() == null || r.info().machine().cpuFlags().isEmpty())) {
            s.note("A run made before the full machine description was recorded shows '?' for what it did not record.");
        }
    }

    private static String machineField(RunData r, int k) {
        RunInfo i = r.info();
        RunInfo.Machine m = i == null ? RunInfo.Machine.UNKNOWN : i.machine();
        String tf = i == null ? "" : i.tfVersion();
        String v = switch (k) {
            case 0 -> r.host();
            case 1 -> r.cpu();
            case 2 -> m.cpuFlags();
            case 3 -> r.cores() > 0 ? Integer.toString(r.cores()) : "";
            case 4 -> m.memory();
            case 5 -> m.os();
            case 6 -> i == null ? "" : i.javaVersion();
            case 7 -> tf.replaceAll(" oneDNN.*", "");
            case 8 -> m.tfBuild();
            case 9 -> tf.contains("oneDNN") ? tf.substring(tf.indexOf("oneDNN") + "oneDNN".length()).trim() : "";
            case 10 -> r.gpu();
            case 11 -> m.gpuDriver().isEmpty() && r.gpu().equals("none") ? "-" : m.gpuDriver();
            case 12 -> threads(r);
            default -> String.join(", ", distinct(r.performance().stream().filter(PerformanceRow::ok).toList(),
                    PerformanceRow::device));
        };
        return v == null || v.isEmpty() ? "?" : v;
    }

    // ------------------------------------------------------------------ speed, one run

    private void speedSummary(Section s, RunData run) {
        Map<String, Long> notes = run.performance().stream().filter(p -> p.status().equals(PerformanceRow.SKIPPED))
                .collect(Collectors.groupingBy(p -> p.device() + ": " + p.note(), LinkedHashMap::new, Collectors.counting()));
        notes.forEach((n, c) -> s.note(c + " combinations skipped on " + n));
        for (PerformanceRow f : run.performance()) {
            if (f.status().equals(PerformanceRow.FAILED)) s.note("failed: " + f.key() + (f.note().isEmpty() ? "" : " (" + f.note() + ")"));
        }
    }

    /** How a row was timed, in a word. */
    static String method(PerformanceRow p) {
        return p.mode().equals("interleaved") ? "paired rounds" : p.mode().isEmpty() ? "JMH" : "JMH " + p.mode();
    }

    /** Images per second with its interval: batch / (time +- error). */
    static double[] imagesPerS(PerformanceRow p) {
        double t = p.secondsPerOp();
        double e = p.secondsPerOpError();
        double v = p.batch() / t;
        if (!(e >= 0) || Double.isNaN(e)) return new double[] {v, Double.NaN, Double.NaN};
        return new double[] {v, p.batch() / (t + e), t - e > 0 ? p.batch() / (t - e) : Double.POSITIVE_INFINITY};
    }

    private static final List<String> BENCH_ORDER = List.of("forward", "score", "head", "pipeline", "fit");

    private void timedRows(RunData run) {
        List<PerformanceRow> ok = run.performance().stream().filter(p -> p.ok() && !Double.isNaN(p.score()))
                .sorted(Comparator.<PerformanceRow>comparingInt(p -> BENCH_ORDER.indexOf(p.benchmark()))
                        .thenComparing(PerformanceRow::model).thenComparing(PerformanceRow::device)
                        .thenComparing(PerformanceRow::threads).thenComparing(PerformanceRow::detector)
                        .thenComparingInt(PerformanceRow::batch)).toList();
        if (ok.isEmpty()) return;
        Section s = section(3, "Every timed row");
        s.text("Time per batch (per fit for fit rows) with its interval, images per second from it, and the detector's "
                + "overhead over the forward pass. Paired rounds: timed round by round interleaved with the forward pass "
                + "in one process; the time is the median with the 99% interval of that median, the overhead the paired "
                + "ratio's 99% interval. JMH: JMH's average time with its 99.9% error; overheads from two separate JMH "
                + "timings have no interval. ≈0: the interval holds 0, no overhead shown.");
        List<List<Cell>> rows = new ArrayList<>();
        for (PerformanceRow p : ok) {
            double ms = p.secondsPerOp() * 1e3;
            double err = p.secondsPerOpError() * 1e3;
            Cell time = Double.isNaN(err) ? Cell.number(f3(ms), ms)
                    : Cell.interval(f3(ms) + " ± " + f3(err), ms, ms - err, ms + err);
            double[] ips = imagesPerS(p);
            Cell rate = p.batch() <= 0 ? text("") : Double.isNaN(ips[1]) ? Cell.number(f0(ips[0]), ips[0])
                    : Cell.interval(f0(ips[0]) + " [" + f0(ips[1]) + ", " + (Double.isInfinite(ips[2]) ? "∞" : f0(ips[2])) + "]",
                    ips[0], ips[1], ips[2]);
            rows.add(List.of(text(p.benchmark()), text(p.model()), text(p.detector().isEmpty() ? "-" : p.detector()),
                    text(p.device()), text(p.batchSize().isEmpty() ? "-" : p.batchSize()), text(p.threads()), text(method(p)),
                    time, rate, overheadCell(p)));
        }
        s.add(new Table("Every timed row of the run", List.of("benchmark", "model", "detector", "device", "batch", "threads",
                "method", "ms per batch", "images/s [interval]", "overhead [interval]"), rows, rows.size() > 25));
    }

    static Cell overheadCell(PerformanceRow p) {
        double o = p.overheadVsForward();
        if (Double.isNaN(o)) return text("");
        boolean head = p.benchmark().equals("head");
        String v = head ? pct(o, false) + " of fwd" : pct(o, true);
        if (!p.pairedOverhead()) {
            return Cell.number(v + (p.mode().equals("interleaved") ? " (too few rounds for an interval)" : " (unpaired)"), o);
        }
        boolean holdsZero = !head && p.overheadLo() <= 0 && p.overheadHi() >= 0;
        return Cell.interval(v + " [" + pct(p.overheadLo(), !head) + ", " + pct(p.overheadHi(), !head) + "]"
                + (holdsZero ? " ≈0" : ""), o, p.overheadLo(), p.overheadHi());
    }

    private static String pct(double fraction, boolean signed) {
        return String.format(Locale.ROOT, signed ? "%+.1f%%" : "%.1f%%", 100 * fraction);
    }

    /**
     * Images per second against batch size per detector of one model, device and thread count, each
     * point with its interval, and the forward pass timed the same way: from the same paired rounds
     * when the detectors were timed paired (the forward time each detector's rounds imply, score time /
     * paired ratio, median over the detectors), else JMH's forward rows. Keyed by detector; the forward
     * pass under {@link Colours#FORWARD}.
     */
    static Map<String, List<Point>> throughputSeries(List<PerformanceRow> rows) {
        List<PerformanceRow> score = rows.stream().filter(p -> p.ok() && p.benchmark().equals("score") && p.batch() > 0
                && !Double.isNaN(p.secondsPerOp())).toList();
        // paired: timed in rounds with the forward pass, so each row's ratio to it is known (with an
        // interval when there were enough rounds for one)
        boolean paired = !score.isEmpty() && score.stream().allMatch(p -> p.mode().equals("interleaved")
                && Double.isFinite(p.overheadVsForward()));
        Map<String, List<Point>> series = new LinkedHashMap<>();
        if (paired) {
            Map<Integer, List<double[]>> fwd = new java.util.TreeMap<>();
            for (PerformanceRow p : score) {
                double ratio = 1 + p.overheadVsForward();
                double[] ips = imagesPerS(p);
                // the forward pass's images/s in the same rounds: the score path's rate times the paired ratio
                fwd.computeIfAbsent(p.batch(), k -> new ArrayList<>()).add(new double[] {ips[0] * ratio, ips[1] * ratio, ips[2] * ratio});
            }
            List<Point> f = new ArrayList<>();
            fwd.forEach((b, l) -> f.add(Point.withY(b, median(l, 0), median(l, 1), median(l, 2))));
            series.put(Colours.FORWARD, f);
        } else {
            List<Point> f = new ArrayList<>();
            for (PerformanceRow p : rows) {
                if (!p.ok() || !p.benchmark().equals("forward") || p.batch() <= 0 || Double.isNaN(p.secondsPerOp())) continue;
                double[] ips = imagesPerS(p);
                f.add(Point.withY(p.batch(), ips[0], ips[1], ips[2]));
            }
            if (!f.isEmpty()) series.put(Colours.FORWARD, f);
        }
        for (PerformanceRow p : score) {
            double[] ips = imagesPerS(p);
            series.computeIfAbsent(p.detector(), k -> new ArrayList<>()).add(Point.withY(p.batch(), ips[0], ips[1], ips[2]));
        }
        series.values().forEach(l -> l.sort(Comparator.comparingDouble(Point::x)));
        return series;
    }

    private static double median(List<double[]> l, int i) {
        double[] v = l.stream().mapToDouble(x -> x[i]).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private void throughput(RunData run) throws IOException {
        List<PerformanceRow> perf = run.performance();
        for (String model : distinct(perf, PerformanceRow::model)) {
            for (String device : distinct(perf, PerformanceRow::device)) {
                for (String threads : distinct(perf, PerformanceRow::threads)) {
                    List<PerformanceRow> rows = perf.stream().filter(p -> p.model().equals(model) && p.device().equals(device)
                            && p.threads().equals(threads)).toList();
                    Map<String, List<Point>> series = throughputSeries(rows);
                    List<String> detectors = series.keySet().stream().filter(k -> !k.equals(Colours.FORWARD)).toList();
                    if (detectors.isEmpty()) continue;
                    boolean manyThreads = distinct(perf, PerformanceRow::threads).size() > 1;
                    String what = model + " on " + device + (manyThreads ? ", " + threads + " threads" : "");
                    Section s = section(3, "Throughput: " + what);
                    boolean paired = rows.stream().anyMatch(p -> p.benchmark().equals("score") && p.mode().equals("interleaved"));
                    // fastest first at the largest batch size
                    List<String> ranked = detectors.stream().sorted(Comparator.comparingDouble(
                            (String d) -> -series.get(d).get(series.get(d).size() - 1).y())).toList();
                    s.text("Images per second against batch size (log-log), each point with its interval; black: the model's "
                            + "forward pass alone, " + (paired ? "from the same paired rounds as the detectors (the forward "
                            + "time their rounds imply, median over the detectors)" : "timed by JMH like the detectors")
                            + ". A point without a bar had too few rounds for an interval. " + (ranked.size() > PANEL + 2 ? ranked.size() + " detectors, " + PANEL
                            + " to a panel, fastest first at the largest batch size; every panel has the same axes." : ""));
                    double lo = Double.POSITIVE_INFINITY;
                    double hi = 0;
                    for (List<Point> l : series.values()) {
                        for (Point p : l) {
                            for (double v : new double[] {p.y(), p.yLo(), p.yHi()}) {
                                if (v > 0 && Double.isFinite(v)) {
                                    lo = Math.min(lo, v);
                                    hi = Math.max(hi, v);
                                }
                            }
                        }
                    }
                    int per = ranked.size() > PANEL + 2 ? PANEL : ranked.size();
                    List<Chart> panels = new ArrayList<>();
                    for (int from = 0; from < ranked.size(); from += per) {
                        List<String> part = ranked.subList(from, Math.min(ranked.size(), from + per));
                        List<Series> ss = new ArrayList<>();
                        if (series.containsKey(Colours.FORWARD)) {
                            ss.add(new Series("forward pass (model only)", Colours.FORWARD, series.get(Colours.FORWARD)));
                        }
                        for (String d : part) ss.add(new Series(d, d, series.get(d)));
                        String title = what + ": images/s" + (per < ranked.size() ? " (" + (from + 1) + "-"
                                + (from + part.size()) + " of " + ranked.size() + ")" : "");
                        ChartData data = new ChartData(title, "batch size", "images/s (log)", ss);
                        JFreeChart c = Charts.lines(data, colours, true, true);
                        ((LogAxis) c.getXYPlot().getRangeAxis()).setRange(lo / 1.3, hi * 1.3);
                        boolean grid = per < ranked.size();
                        panels.add(chart(run.label() + "-" + model + "-" + device + "-t" + threads + "-throughput", data, c,
                                grid ? 680 : Charts.WIDTH, grid ? 480 : 600, "throughput of " + what));
                    }
                    if (panels.size() == 1) s.add(panels.get(0));
                    else s.add(new ChartGrid(panels));
                }
            }
        }
    }

    /**
     * GPU time / CPU time as a speed-up (CPU time / GPU time) per detector and batch size of one run, with
     * the interval of that ratio ({@link Compare#ratioInterval}); above 1 the GPU is faster.
     */
    private void speedup(RunData run, String tag) throws IOException {
        Section s = section(3, "CPU vs GPU speed-up" + tag);
        Map<List<String>, PerformanceRow> cpu = new LinkedHashMap<>();
        Map<List<String>, PerformanceRow> gpu = new LinkedHashMap<>();
        for (PerformanceRow p : run.performance()) {
            if (!p.ok() || p.batch() <= 0 || !(p.benchmark().equals("score") || p.benchmark().equals("forward"))) continue;
            List<String> k = List.of(p.model(), p.benchmark().equals("forward") ? Colours.FORWARD : p.detector(),
                    p.batchSize(), p.threads());
            if (p.device().equals("cpu")) cpu.put(k, p);
            if (p.device().equals("gpu")) gpu.put(k, p);
        }
        Map<String, List<Point>> series = new LinkedHashMap<>();
        Map<String, String> keys = new LinkedHashMap<>();
        for (Map.Entry<List<String>, PerformanceRow> e : cpu.entrySet()) {
            PerformanceRow g = gpu.get(e.getKey());
            if (g == null) continue;
            // speed-up = cpu time / gpu time: the ratio with the GPU row as the candidate, inverted
            double[] r = Compare.ratioInterval(Compare.timing(e.getValue(), null), Compare.timing(g, null));
            String name = e.getKey().get(0) + " " + (e.getKey().get(1).equals(Colours.FORWARD) ? "forward pass" : e.getKey().get(1));
            series.computeIfAbsent(name, x -> new ArrayList<>()).add(Point.withY(e.getValue().batch(), 1 / r[0], 1 / r[2], 1 / r[1]));
            keys.put(name, e.getKey().get(1));
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
            s.note(msg);
            return;
        }
        List<Series> ss = new ArrayList<>();
        series.forEach((n, pts) -> {
            pts.sort(Comparator.comparingDouble(Point::x));
            ss.add(new Series(n, keys.get(n), pts));
        });
        s.text("CPU time per batch over GPU time, same run, per detector and batch size, with its 99% interval "
                + "(above 1: the GPU is faster).");
        ChartData data = new ChartData("GPU speed-up over CPU (CPU time / GPU time)", "batch size", "speed-up (log)", ss);
        s.add(chart(run.label() + "-speedup", data, Charts.lines(data, colours, true, true), Charts.WIDTH, 600,
                "GPU speed-up over CPU"));
    }

    private void overhead(RunData run) throws IOException {
        overhead(run, "score", "Detector overhead over the forward pass",
                "Extra time of each detector's score path over the model's forward pass alone, at the largest batch size, "
                        + "from the paired rounds (each detector's time against the forward slots around it in the same "
                        + "process): the dot is the median ratio less one, the bar its 99% interval, one colour per model. "
                        + "≈0 (grey): the interval holds 0, so no overhead is shown at this precision.");
        overhead(run, "head", "Detector ops alone (head benchmark)",
                "Time of each detector's own ops (logits and features fed in, the forward pass pruned away) as a share of "
                        + "the forward pass, at the largest batch size, from the same paired rounds, with its 99% interval.");
    }

    private void overhead(RunData run, String bench, String heading, String text) throws IOException {
        List<PerformanceRow> all = run.performance().stream().filter(p -> p.ok() && p.benchmark().equals(bench)
                && !Double.isNaN(p.overheadVsForward())).toList();
        if (all.isEmpty()) return;
        Section s = section(3, heading);
        List<PerformanceRow> measured = all.stream().filter(PerformanceRow::pairedOverhead).toList();
        if (measured.isEmpty()) {
            s.note("This run timed the detectors apart from the forward pass (JMH forks, no paired rounds), so their "
                    + "overheads have no interval and are not drawn: the difference of two separately timed numbers can "
                    + "even come out negative. The table of timed rows lists them, marked unpaired.");
            return;
        }
        s.text(text);
        boolean score = bench.equals("score");
        for (String device : distinct(measured, PerformanceRow::device)) {
            for (String threads : distinct(measured, PerformanceRow::threads)) {
                List<PerformanceRow> on = measured.stream().filter(p -> p.device().equals(device) && p.threads().equals(threads)).toList();
                if (on.isEmpty()) continue;
                int biggest = on.stream().mapToInt(PerformanceRow::batch).max().orElse(0);
                List<PerformanceRow> rows = on.stream().filter(p -> p.batch() == biggest).toList();
                // detectors ordered by their mean overhead over the models, smallest first
                Map<String, Double> mean = rows.stream().collect(Collectors.groupingBy(PerformanceRow::detector,
                        Collectors.averagingDouble(PerformanceRow::overheadVsForward)));
                List<String> order = mean.entrySet().stream().sorted(Map.Entry.comparingByValue()).map(Map.Entry::getKey).toList();
                List<Series> ss = new ArrayList<>();
                for (String model : distinct(rows, PerformanceRow::model)) {
                    List<Point> pts = new ArrayList<>();
                    for (String d : order) {
                        for (PerformanceRow p : rows) {
                            if (!p.model().equals(model) || !p.detector().equals(d)) continue;
                            pts.add(new Point(d, 100 * p.overheadVsForward(), 100 * p.overheadLo(), 100 * p.overheadHi(),
                                    0, Double.NaN, Double.NaN));
                        }
                    }
                    ss.add(new Series(model, "model:" + model, pts));
                }
                String title = heading + ", " + device + (distinct(measured, PerformanceRow::threads).size() > 1
                        ? ", " + threads + " threads" : "") + ", batch " + biggest;
                ChartData data = new ChartData(title, score ? "overhead (% of the forward pass)" : "detector ops (% of the forward pass)",
                        "detector", ss);
                JFreeChart c = Charts.forest(data, colours, false, score ? 0 : Double.NaN,
                        v -> String.format(Locale.ROOT, score ? "%+.1f%%" : "%.1f%%", v), "≈0");
                s.add(chart(run.label() + "-" + device + "-t" + threads + "-" + bench + "-overhead", data, c, Charts.WIDTH,
                        Charts.forestHeight(order.size(), ss.size()), "detector overhead (" + bench + ") on " + device));
            }
        }
    }

    // ------------------------------------------------------------------ quality against speed

    /**
     * Each detector's headline AUROC with an interval: the mean over its far-OOD rows when the model has
     * any, else over every OOD set; the interval is the mean of the rows' bootstrap bounds (as wide as
     * the rows' own, a conservative interval of the mean).
     */
    static Map<String, double[]> headlineAuroc(List<AccuracyRow> acc, String model) {
        List<AccuracyRow> rows = acc.stream().filter(a -> a.ok() && a.model().equals(model) && !a.isAverage()
                && !Double.isNaN(a.auroc())).toList();
        boolean far = rows.stream().anyMatch(a -> a.oodGroup().equals("far"));
        Map<String, double[]> sum = new LinkedHashMap<>(); // value, lo, hi, n
        for (AccuracyRow a : rows) {
            if (far && !a.oodGroup().equals("far")) continue;
            double[] m = sum.computeIfAbsent(a.detector(), k -> new double[4]);
            m[0] += a.auroc();
            m[1] += Double.isNaN(a.aurocLo()) ? a.auroc() : a.aurocLo();
            m[2] += Double.isNaN(a.aurocHi()) ? a.auroc() : a.aurocHi();
            m[3]++;
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        sum.forEach((k, m) -> out.put(k, new double[] {m[0] / m[3], m[1] / m[3], m[2] / m[3], far ? 1 : 0}));
        return out;
    }

    /** The accuracy detector a performance detector spec stands for ("knn:bank_fraction=0.25" is knn). */
    private static String baseName(String spec) {
        int i = spec.indexOf(':');
        return i < 0 ? spec : spec.substring(0, i);
    }

    /**
     * Which points no other point beats once their intervals are taken into account: {@code q} beats
     * {@code p} on an axis when q's interval lies wholly above p's; p is off the front when some q beats
     * it on one axis and is not beaten by it on the other (their intervals overlap or q's is above).
     * Points whose intervals overlap on both axes are never told apart, and a value without an interval
     * (too few rounds for one) is never beaten on its axis. Each point: x, xLo, xHi, y, yLo, yHi (higher
     * is better on both); returns for each point the index of a point that beats it, or -1.
     */
    static int[] beatenBy(List<Point> pts) {
        int[] by = new int[pts.size()];
        for (int i = 0; i < pts.size(); i++) {
            by[i] = -1;
            Point p = pts.get(i);
            for (int j = 0; j < pts.size() && by[i] < 0; j++) {
                if (j == i) continue;
                Point q = pts.get(j);
                boolean xAbove = lo(q, true) > hi(p, true);
                boolean yAbove = lo(q, false) > hi(p, false);
                boolean xNotBelow = hi(q, true) >= lo(p, true);
                boolean yNotBelow = hi(q, false) >= lo(p, false);
                if ((xAbove && yNotBelow) || (yAbove && xNotBelow)) by[i] = j;
            }
        }
        return by;
    }

    /** The lower end of a point's interval on an axis; without an interval nothing is known: minus infinity. */
    private static double lo(Point p, boolean x) {
        return x ? (p.hasXInterval() ? p.xLo() : Double.NEGATIVE_INFINITY) : (p.hasYInterval() ? p.yLo() : Double.NEGATIVE_INFINITY);
    }

    private static double hi(Point p, boolean x) {
        return x ? (p.hasXInterval() ? p.xHi() : Double.POSITIVE_INFINITY) : (p.hasYInterval() ? p.yHi() : Double.POSITIVE_INFINITY);
    }

    private void pareto(RunData run) throws IOException {
        for (String model : distinct(run.accuracy(), AccuracyRow::model)) {
            Map<String, double[]> auroc = headlineAuroc(run.accuracy(), model);
            if (auroc.isEmpty()) continue;
            boolean far = auroc.values().iterator().next()[3] == 1;
            for (String device : distinct(run.performance(), PerformanceRow::device)) {
                List<PerformanceRow> score = run.performance().stream().filter(p -> p.ok() && p.model().equals(model)
                        && p.device().equals(device) && p.benchmark().equals("score") && p.batch() > 0
                        && !Double.isNaN(p.secondsPerOp())).toList();
                if (score.isEmpty()) continue;
                // the largest batch size whose timings have intervals (else the largest): points to tell apart
                int biggest = score.stream().filter(p -> Double.isFinite(p.scoreError())).mapToInt(PerformanceRow::batch)
                        .max().orElse(score.stream().mapToInt(PerformanceRow::batch).max().orElse(0));
                String threads = score.stream().filter(p -> p.batch() == biggest).map(PerformanceRow::threads).findFirst().orElse("");
                List<Point> pts = new ArrayList<>();
                for (PerformanceRow p : score) {
                    if (p.batch() != biggest || !p.threads().equals(threads)) continue;
                    double[] a = auroc.containsKey(p.detector()) ? auroc.get(p.detector()) : auroc.get(baseName(p.detector()));
                    if (a == null) continue;
                    double[] ips = imagesPerS(p);
                    pts.add(new Point(p.detector(), ips[0], ips[1], ips[2], a[0], a[1], a[2]));
                }
                if (pts.isEmpty()) continue;
                int[] by = beatenBy(pts);
                Set<String> front = new LinkedHashSet<>();
                for (int i = 0; i < pts.size(); i++) if (by[i] < 0) front.add(pts.get(i).label());
                String metric = far ? "far-OOD AUROC" : "mean AUROC over the OOD sets";
                List<Series> ss = pts.stream().map(p -> new Series(p.label(), p.label(), List.of(p))).toList();
                ChartData data = new ChartData(model + " on " + device + ": " + metric + " against throughput (batch " + biggest + ")",
                        "images/s (log)", metric, ss);
                JFreeChart c = Charts.scatterIntervals(data, colours, front);
                Section s = section(3, "Quality against speed: " + model + " on " + device);
                s.text("Each detector's " + metric + " against its images/s at batch " + biggest + ", both with their "
                        + "intervals (images/s: the timing's interval; AUROC: the mean of the rows' bootstrap 95% bounds). "
                        + "Ringed and named: the front, the detectors that no other beats beyond the intervals on one axis "
                        + "without being worse beyond them on the other. Detectors whose intervals overlap on both axes are "
                        + "not told apart, so the front can hold several. The table says which detector beats each of the rest.");
                s.add(chart(run.label() + "-" + model + "-" + device + "-pareto", data, c, Charts.WIDTH, 640,
                        metric + " against throughput, " + model + " on " + device));
                List<Integer> order = new ArrayList<>();
                for (int i = 0; i < pts.size(); i++) order.add(i);
                order.sort(Comparator.comparingDouble(i -> -pts.get(i).y()));
                List<List<Cell>> rows = new ArrayList<>();
                for (int i : order) {
                    Point p = pts.get(i);
                    rows.add(List.of(text(p.label()), p.hasXInterval() ? Cell.interval(f0(p.x()) + " [" + f0(p.xLo()) + ", "
                                    + f0(p.xHi()) + "]", p.x(), p.xLo(), p.xHi()) : Cell.number(f0(p.x()) + " (no interval)", p.x()),
                            p.hasYInterval() ? Cell.interval(f4(p.y()) + " [" + f4(p.yLo()) + ", " + f4(p.yHi()) + "]", p.y(),
                                    p.yLo(), p.yHi()) : Cell.number(f4(p.y()) + " (no interval)", p.y()),
                            text(by[i] < 0 ? "on the front" : "beaten by " + pts.get(by[i]).label())));
                }
                s.add(new Table("Each detector's place: on the front, or which detector beats it", List.of("detector",
                        "images/s [interval]", metric + " [interval]", "front"), rows, rows.size() > 25));
            }
        }
    }

    // ------------------------------------------------------------------ hardware comparison

    /** The join key of two runs' rows: threads left out when each run timed one thread setting (they are the machine's setting). */
    private static List<String> joinKey(PerformanceRow p, boolean withThreads) {
        return List.of(p.benchmark(), p.model(), p.detector(), p.batchSize(), p.device(), withThreads ? p.threads() : "");
    }

    /**
     * One row of a hardware comparison: the two rows joined and the time ratio (second / first) with its
     * 99% interval from each run's own noise ({@link Compare#timing}, {@link Compare#ratioInterval}).
     */
    record Ratio(PerformanceRow first, PerformanceRow second, double ratio, double lo, double hi, String basis) {
        String reading() {
            if (hi < 1) return "faster";
            if (lo > 1) return "slower";
            return "no difference shown";
        }
    }

    static List<Ratio> ratios(RunData a, RunData b) {
        boolean withThreads = threads(a).contains(",") || threads(b).contains(",");
        Map<List<String>, PerformanceRow> first = new LinkedHashMap<>();
        for (PerformanceRow p : a.performance()) {
            if (p.ok() && !Double.isNaN(p.secondsPerOp())) first.put(joinKey(p, withThreads), p);
        }
        List<Ratio> out = new ArrayList<>();
        for (PerformanceRow q : b.performance()) {
            PerformanceRow p = q.ok() && !Double.isNaN(q.secondsPerOp()) ? first.get(joinKey(q, withThreads)) : null;
            if (p == null) continue;
            Compare.Timing tp = Compare.timing(p, a.samples().get(p.key()));
            Compare.Timing tq = Compare.timing(q, b.samples().get(q.key()));
            double[] r = Compare.ratioInterval(tp, tq);
            out.add(new Ratio(p, q, r[0], r[1], r[2], tp.source() + " / " + tq.source()));
        }
        out.sort(Comparator.<Ratio>comparingInt(r -> BENCH_ORDER.indexOf(r.first().benchmark()))
                .thenComparing(r -> r.first().model()).thenComparing(r -> r.first().device())
                .thenComparing(r -> r.first().detector()).thenComparingInt(r -> r.first().batch()));
        return out;
    }

    private void hardwareComparison(RunData a, RunData b) throws IOException {
        String la = letter(a);
        String lb = letter(b);
        Section s = section(2, "Hardware comparison: " + lb + " against " + la);
        List<Ratio> ratios = ratios(a, b);
        if (ratios.isEmpty()) {
            s.note("The two runs have no timed row in common (same benchmark, model, detector, batch size and device).");
            return;
        }
        long faster = ratios.stream().filter(r -> r.reading().equals("faster")).count();
        long slower = ratios.stream().filter(r -> r.reading().equals("slower")).count();
        s.text(String.format(Locale.ROOT, "%s = %s, %s = %s. Time per batch of %s over %s, row by row (below 1: %s is "
                        + "faster), with the 99%% interval of the ratio from each run's own timing noise (Welch on the log "
                        + "scale). %d of %d rows faster, %d slower, %d with no difference shown. The interval holds only the "
                        + "noise inside each run: two runs on one shared machine have differed by up to x1.85, so on shared "
                        + "machines read ratios that close to 1 as no difference. A timing with neither samples nor an error "
                        + "(too few rounds) is given a " + Math.round(100 * Compare.UNKNOWN_NOISE) + "%% relative noise, said in the table's last column.", lb, b.label(),
                la, a.label(), lb, la, lb,
                faster, ratios.size(), slower, ratios.size() - faster - slower));
        // the chart: the forward pass and every detector's score path at the largest batch size both runs timed
        int biggest = ratios.stream().filter(r -> r.first().benchmark().equals("forward") || r.first().benchmark().equals("score"))
                .mapToInt(r -> r.first().batch()).max().orElse(-1);
        List<Ratio> drawn = ratios.stream().filter(r -> r.first().batch() == biggest
                && (r.first().benchmark().equals("forward") || r.first().benchmark().equals("score"))).toList();
        if (!drawn.isEmpty()) {
            List<String> order = drawn.stream().collect(Collectors.groupingBy(r -> label(r.first()), LinkedHashMap::new,
                            Collectors.averagingDouble(Ratio::ratio))).entrySet().stream()
                    .sorted(Comparator.comparing((Map.Entry<String, Double> e) -> !e.getKey().equals("forward pass"))
                            .thenComparing(Map.Entry.comparingByValue())).map(Map.Entry::getKey).toList();
            List<Series> ss = new ArrayList<>();
            for (String device : distinct(drawn.stream().map(Ratio::first).toList(), PerformanceRow::device)) {
                for (String model : distinct(drawn.stream().map(Ratio::first).toList(), PerformanceRow::model)) {
                    List<Point> pts = new ArrayList<>();
                    for (String cat : order) {
                        for (Ratio r : drawn) {
                            if (r.first().model().equals(model) && r.first().device().equals(device) && label(r.first()).equals(cat)) {
                                pts.add(new Point(cat, r.ratio(), r.lo(), r.hi(), 0, Double.NaN, Double.NaN));
                            }
                        }
                    }
                    if (!pts.isEmpty()) ss.add(new Series(model + (device.equals("cpu") ? "" : " on " + device), "model:" + model, pts));
                }
            }
            ChartData data = new ChartData("Time ratio " + lb + " / " + la + " per batch, batch size " + biggest,
                    "time ratio " + lb + " / " + la + " (log; below 1: " + lb + " is faster)", "", ss);
            JFreeChart c = Charts.forest(data, colours, true, 1, v -> String.format(Locale.ROOT, "x%.2f", v), "≈1");
            s.add(chart("compare-" + a.label() + "-" + b.label(), data, c, Charts.WIDTH, Charts.forestHeight(order.size(), ss.size()),
                    "time ratios " + lb + " / " + la));
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (Ratio r : ratios) {
            PerformanceRow p = r.first();
            rows.add(List.of(text(p.benchmark()), text(p.model()), text(p.detector().isEmpty() ? "-" : p.detector()),
                    text(p.device()), text(p.batchSize().isEmpty() ? "-" : p.batchSize()),
                    Cell.number(f3(p.secondsPerOp() * 1e3), p.secondsPerOp() * 1e3),
                    Cell.number(f3(r.second().secondsPerOp() * 1e3), r.second().secondsPerOp() * 1e3),
                    Cell.interval(String.format(Locale.ROOT, "x%.3f [%.3f, %.3f]", r.ratio(), r.lo(), r.hi()), r.ratio(), r.lo(), r.hi()),
                    text(r.reading()), text(r.basis())));
        }
        s.add(new Table("Every row both runs timed", List.of("benchmark", "model", "detector", "device", "batch",
                "ms: " + la, "ms: " + lb, lb + " / " + la + " [99% interval]", lb + " is", "noise from " + la + " / " + lb), rows,
                rows.size() > 25));
    }

    private static String label(PerformanceRow p) {
        return p.benchmark().equals("forward") ? "forward pass" : p.detector();
    }

    // ------------------------------------------------------------------ detection quality

    private void scorePlots(RunData run) throws IOException {
        Path scores = Files.isDirectory(run.source()) ? run.source().resolve(ScoreFiles.DIR) : null;
        if (scores == null || !Files.isDirectory(scores)) {
            Section s = section(3, "Score distributions and ROC curves");
            s.note("This run saved no per-sample scores (scores/<model>/<detector>/<dataset>.txt), so there are no "
                    + "histograms or ROC curves; `oodbench eval --save-scores` and the benchmark suite write them.");
            return;
        }
        Path runDir = run.source();
        for (String model : distinct(run.accuracy(), AccuracyRow::model)) {
            List<AccuracyRow> rows = run.accuracy().stream().filter(a -> a.model().equals(model) && a.ok() && !a.isAverage()).toList();
            if (rows.isEmpty()) continue;
            Section s = section(3, "Score distributions and ROC curves: " + model);
            // overview: the ten best detectors' ROC on the first OOD set (the near set when there is one)
            String first = rows.stream().filter(a -> a.oodGroup().equals("near")).map(AccuracyRow::oodDataset).findFirst()
                    .orElse(rows.get(0).oodDataset());
            String idSet = rows.get(0).idDataset();
            List<Series> overview = new ArrayList<>();
            List<AccuracyRow> ranked = rows.stream().filter(a -> a.oodDataset().equals(first))
                    .sorted(Comparator.comparingDouble(a -> -a.auroc())).toList();
            int missing = 0;
            for (AccuracyRow a : ranked) {
                if (overview.size() >= 10) break;
                if (!ScoreFiles.exists(runDir, model, a.detector(), a.idDataset()) || !ScoreFiles.exists(runDir, model, a.detector(), first)) continue;
                RocCurve roc = RocCurve.of(ScoreFiles.read(runDir, model, a.detector(), a.idDataset()),
                        ScoreFiles.read(runDir, model, a.detector(), first));
                overview.add(new Series(String.format(Locale.ROOT, "%s (AUROC %.3f)", a.detector(), roc.auroc()), a.detector(),
                        rocPoints(roc)));
            }
            if (!overview.isEmpty()) {
                s.text("ROC curves of the " + (ranked.size() > 10 ? "ten best detectors" : "detectors") + " on " + idSet
                        + " (ID) against " + first + " (OOD), exact (ties grouped).");
                ChartData data = new ChartData("ROC: " + idSet + " vs " + first, "false positive rate", "true positive rate", overview);
                s.add(chart(run.label() + "-" + model + "-roc-overview", data, Charts.roc(data, colours), Charts.WIDTH, 640,
                        "ROC curves on " + first));
            }
            s.text("Per detector, best first: ID and OOD score distributions (the less they overlap, the better; "
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
                List<Series> curves = new ArrayList<>();
                for (AccuracyRow a : dr) {
                    if (!ScoreFiles.exists(runDir, model, det, a.oodDataset())) continue;
                    double[] o = ScoreFiles.read(runDir, model, det, a.oodDataset());
                    if (o.length == 0 || idScores.length == 0) continue;
                    ood.put(a.oodDataset(), o);
                    RocCurve roc = RocCurve.of(idScores, o);
                    curves.add(new Series(String.format(Locale.ROOT, "%s (AUROC %.3f)", a.oodDataset(), roc.auroc()),
                            "set:" + a.oodDataset(), rocPoints(roc)));
                }
                if (ood.isEmpty()) {
                    missing++;
                    continue;
                }
                s.heading(det);
                String params = dr.get(0).detectorParams();
                String title = det + (params.isEmpty() ? "" : " (" + params + ")");
                JFreeChart hist = Charts.histogram(title + ": scores", id, idScores, ood, colours);
                ChartData histData = new ChartData(title + ": scores", "score", "share of the set per bin", List.of());
                ChartData rocData = new ChartData(title + ": ROC", "false positive rate", "true positive rate", curves);
                s.add(new ChartGrid(List.of(
                        chart(run.label() + "-" + model + "-" + det + "-hist", histData, hist, 640, 440, det + " score histogram"),
                        chart(run.label() + "-" + model + "-" + det + "-roc", rocData, Charts.roc(rocData, colours), 640, 440,
                                det + " ROC curves"))));
            }
            if (missing > 0) s.note(missing + " detector(s) of " + model + " have no score files in this run.");
        }
    }

    /** The curve's points for plotting (at most about 500; the metrics use every point). */
    private static List<Point> rocPoints(RocCurve roc) {
        double[] fpr = roc.fpr();
        double[] tpr = roc.tpr();
        int step = Math.max(1, fpr.length / 500);
        List<Point> pts = new ArrayList<>();
        for (int i = 0; i < fpr.length; i += step) pts.add(Point.of(fpr[i], tpr[i]));
        pts.add(Point.of(fpr[fpr.length - 1], tpr[tpr.length - 1]));
        return pts;
    }

    private void metricsTable(RunData run) {
        Section s = section(3, "Every metric");
        s.text("One table per model and ID set. Per-dataset rows first, ordered by OOD set and AUROC; then the near/far "
                + "group averages (plain averages of the per-dataset rows, without intervals). Bold: the best AUROC and "
                + "FPR95 for each OOD set. Datasets that were not present are listed below each table.");
        List<String> header = List.of("detector", "params", "OOD set", "group", "n OOD", "AUROC [95% CI]",
                "FPR95 [95% CI]", "FPR95 (ID pos.)", "TNR95", "AUPR-In", "AUPR-Out", "detection error");
        Map<List<String>, List<AccuracyRow>> byModel = run.accuracy().stream().collect(Collectors.groupingBy(
                a -> List.of(a.model(), a.idDataset()), LinkedHashMap::new, Collectors.toList()));
        for (Map.Entry<List<String>, List<AccuracyRow>> e : byModel.entrySet()) {
            List<AccuracyRow> rowsOf = e.getValue();
            int nId = rowsOf.stream().mapToInt(AccuracyRow::nId).max().orElse(0);
            s.heading(e.getKey().get(0) + ", ID: " + e.getKey().get(1) + " (" + nId + " images)");
            Map<String, Double> bestAuroc = new LinkedHashMap<>();
            Map<String, Double> bestFpr = new LinkedHashMap<>();
            for (AccuracyRow a : rowsOf) {
                if (!a.ok()) continue;
                bestAuroc.merge(a.oodDataset(), a.auroc(), Math::max);
                bestFpr.merge(a.oodDataset(), a.fpr95(), Math::min);
            }
            List<List<Cell>> rows = new ArrayList<>();
            List<AccuracyRow> sorted = rowsOf.stream().filter(AccuracyRow::ok).sorted(Comparator
                    .comparing(AccuracyRow::isAverage).thenComparing(AccuracyRow::oodDataset)
                    .thenComparing(a -> -(Double.isNaN(a.auroc()) ? -1 : a.auroc()))).toList();
            for (AccuracyRow a : sorted) {
                Cell au = ci(a.auroc(), a.aurocLo(), a.aurocHi());
                Cell fp = ci(a.fpr95(), a.fpr95Lo(), a.fpr95Hi());
                rows.add(List.of(text(a.detector()), text(a.detectorParams()), text(a.oodDataset()), text(a.oodGroup()),
                        Cell.number(Integer.toString(a.nOod()), a.nOod()),
                        a.auroc() == bestAuroc.get(a.oodDataset()) ? au.asBold() : au,
                        a.fpr95() == bestFpr.get(a.oodDataset()) ? fp.asBold() : fp,
                        num4(a.metrics().fpr95IdPos()), num4(a.metrics().tnr95()), num4(a.metrics().auprIn()),
                        num4(a.metrics().auprOut()), num4(a.metrics().detectionError())));
            }
            s.add(new Table("", header, rows, false));
            Map<String, String> skipped = new LinkedHashMap<>();
            for (AccuracyRow a : rowsOf) if (!a.ok()) skipped.putIfAbsent(a.oodDataset(), a.note());
            skipped.forEach((set, why) -> s.note("skipped " + set + ": " + why));
        }
    }

    private static Cell ci(double v, double lo, double hi) {
        if (Double.isNaN(v)) return text("");
        if (Double.isNaN(lo) || Double.isNaN(hi)) return Cell.number(f4(v), v);
        return Cell.interval(f4(v) + " [" + f4(lo) + ", " + f4(hi) + "]", v, lo, hi);
    }

    private static Cell num4(double v) {
        return Double.isNaN(v) ? text("") : Cell.number(f4(v), v);
    }

    private static String f4(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String f3(double v) {
        if (Double.isNaN(v)) return "";
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : Math.abs(v) >= 1 ? "%.3f" : "%.4f", v);
    }

    private static String f0(double v) {
        if (Double.isNaN(v)) return "";
        if (Double.isInfinite(v)) return "∞";
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%,.0f" : "%.1f", v);
    }

    private static <T> List<String> distinct(List<T> rows, Function<T, String> f) {
        return new ArrayList<>(rows.stream().map(f).filter(x -> x != null && !x.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    static String slug(String s) {
        String x = s.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT).replaceAll("^-+|-+$", "");
        return x.isEmpty() ? "x" : x.length() > 120 ? x.substring(0, 120) : x;
    }

    /** HTML-escaped text (the HTML writer's rule). */
    static String esc(String s) {
        return HtmlWriter.esc(s);
    }

    /** Markdown-safe text (the Markdown writer's rule). */
    static String md(String s) {
        return MarkdownWriter.md(s);
    }

    private String title() {
        if (runs.size() == 1) return "oodbench report: " + runs.get(0).label();
        return "oodbench hardware comparison: " + runs.size() + " runs";
    }
}
