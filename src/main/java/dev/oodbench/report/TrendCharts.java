package dev.oodbench.report;

import dev.oodbench.results.RunData;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.IntervalMarker;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The headline series over the runs, with their intervals and change points marked: per machine and
 * model, the forward pass's images/s on CPU at batch 256 (the largest CPU batch when 256 did not run),
 * with JMH's error; per run kind and model, the AUROC of the detector best in the newest run (highest
 * mean AUROC over its OOD sets) on each OOD set, with its bootstrap interval. A group needs three runs
 * or more. Each chart is a {@link Trend} first (its numbers, readable by a test), then a JFreeChart.
 */
public final class TrendCharts {
    /** Fewer runs than this in a group draw no trend. */
    public static final int MIN_RUNS = 3;

    /** One run's value at x (its position among the group's runs), with its interval (NaN when none). */
    public record Point(int x, String run, double y, double lo, double hi) {}

    public record Line(String name, List<Point> points) {}

    /**
     * A change point: between the runs at x = {@code from} (last before) and {@code to} (first after),
     * on line {@code line}, labelled with its size.
     */
    public record Mark(String line, int from, int to, String label, HistoryChanges.Kind kind) {}

    /** A chart's content: its title, a sentence saying what it shows, the y label, the runs along x, the lines and marks. */
    public record Trend(String title, String caption, String yLabel, List<String> runs, List<Line> lines, List<Mark> marks) {}

    private TrendCharts() {}

    /** The trends of {@code runs} (put in time order here), their change points from {@link HistoryChanges}. */
    public static List<Trend> of(List<RunData> runs) {
        List<RunData> ordered = runs.stream().sorted(Comparator.comparing((RunData r) -> r.timestampUtc().isEmpty() ? "~"
                : r.timestampUtc()).thenComparing(RunData::label)).toList();
        return of(ordered, HistoryChanges.find(ordered));
    }

    static List<Trend> of(List<RunData> runs, HistoryChanges.Result found) {
        List<RunSeries.Series> all = RunSeries.of(runs);
        Map<RunSeries.Series, List<HistoryChanges.Found>> changes = new LinkedHashMap<>();
        for (HistoryChanges.Found f : found.changes()) changes.computeIfAbsent(f.series(), k -> new ArrayList<>()).add(f);
        Map<String, List<RunSeries.Series>> byGroup = new LinkedHashMap<>();
        for (RunSeries.Series s : all) byGroup.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s);
        List<Trend> out = new ArrayList<>();
        for (Map.Entry<String, List<RunSeries.Series>> g : byGroup.entrySet()) {
            List<RunData> groupRuns = groupRuns(g.getValue(), runs);
            if (groupRuns.size() < MIN_RUNS) continue;
            List<String> labels = groupRuns.stream().map(TrendCharts::runLabel).toList();
            boolean speed = g.getValue().get(0).metric() == RunSeries.Metric.TIME;
            for (String model : models(g.getValue())) {
                List<RunSeries.Series> lines = speed ? forward(g.getValue(), model) : bestDetector(g.getValue(), model, groupRuns);
                if (lines.isEmpty()) continue;
                List<Line> ls = new ArrayList<>();
                List<Mark> ms = new ArrayList<>();
                for (RunSeries.Series s : lines) {
                    String name = speed ? "forward b=" + s.key().get("batch_size") + " t=" + s.key().get("threads")
                            : s.key().get("ood_dataset");
                    ls.add(line(name, s, groupRuns, speed));
                    for (HistoryChanges.Found f : changes.getOrDefault(s, List.of())) {
                        ms.add(new Mark(name, groupRuns.indexOf(f.lastBefore()), groupRuns.indexOf(f.firstAfter()),
                                label(f), f.kind()));
                    }
                }
                if (speed) {
                    out.add(new Trend(model + ": forward images/s over the runs of " + g.getKey(), "Forward pass of " + model + " on CPU, "
                            + "images per second with JMH's error, run by run on " + g.getKey() + "; dashed lines and shaded "
                            + "spans mark change points (red slower, green faster, grey smaller than x1.05).",
                            "images/s", labels, ls, ms));
                } else {
                    String det = lines.get(0).key().get("detector");
                    out.add(new Trend(model + ": AUROC of " + det + " over the runs (" + g.getKey() + ")", "AUROC of " + det + " (best in the "
                            + "newest run) on each OOD set of " + model + ", with bootstrap 95% intervals, runs of "
                            + g.getKey() + "; dashed lines and shaded spans mark change points (red worse, green better, "
                            + "grey smaller than 0.005).", "AUROC", labels, ls, ms));
                }
            }
        }
        return out;
    }

    /** The runs the group's series hold, oldest first. */
    private static List<RunData> groupRuns(List<RunSeries.Series> series, List<RunData> runs) {
        Set<RunData> in = new LinkedHashSet<>();
        for (RunSeries.Series s : series) for (RunSeries.Point p : s.points()) in.add(p.run());
        return runs.stream().filter(in::contains).toList();
    }

    private static List<String> models(List<RunSeries.Series> series) {
        return new ArrayList<>(series.stream().map(s -> s.key().get("model")).filter(m -> m != null && !m.isEmpty())
                .collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)));
    }

    /** The model's forward series on CPU at batch 256, else at its largest batch; one per thread setting. */
    private static List<RunSeries.Series> forward(List<RunSeries.Series> series, String model) {
        List<RunSeries.Series> fwd = series.stream().filter(s -> s.key().get("benchmark").equals("forward")
                && s.key().get("model").equals(model) && s.key().get("device").equals("cpu") && batch(s) > 0).toList();
        if (fwd.isEmpty()) return List.of();
        int b = fwd.stream().anyMatch(s -> batch(s) == History.HEADLINE_BATCH) ? History.HEADLINE_BATCH
                : fwd.stream().mapToInt(TrendCharts::batch).max().orElse(0);
        return fwd.stream().filter(s -> batch(s) == b).toList();
    }

    /** The AUROC series of the detector with the highest mean AUROC in the newest run that has the model. */
    private static List<RunSeries.Series> bestDetector(List<RunSeries.Series> series, String model, List<RunData> runs) {
        List<RunSeries.Series> auroc = series.stream().filter(s -> s.metric() == RunSeries.Metric.AUROC
                && s.key().get("model").equals(model)).toList();
        for (int i = runs.size() - 1; i >= 0; i--) {
            RunData newest = runs.get(i);
            Map<String, double[]> mean = new LinkedHashMap<>();
            for (RunSeries.Series s : auroc) {
                for (RunSeries.Point p : s.points()) {
                    if (p.run() != newest) continue;
                    double[] m = mean.computeIfAbsent(s.key().get("detector") + "|" + s.key().get("detector_params"),
                            k -> new double[2]);
                    m[0] += p.value();
                    m[1]++;
                }
            }
            if (mean.isEmpty()) continue;
            String best = mean.entrySet().stream().max(Comparator.comparingDouble(e -> e.getValue()[0] / e.getValue()[1]))
                    .orElseThrow().getKey();
            return auroc.stream().filter(s -> (s.key().get("detector") + "|" + s.key().get("detector_params")).equals(best))
                    .toList();
        }
        return List.of();
    }

    private static int batch(RunSeries.Series s) {
        try {
            return Integer.parseInt(s.key().get("batch_size"));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The series' points at their runs' positions; times become images/s (batch / seconds, the interval turned over). */
    private static Line line(String name, RunSeries.Series s, List<RunData> runs, boolean speed) {
        List<Point> pts = new ArrayList<>();
        int b = batch(s);
        for (RunSeries.Point p : s.points()) {
            int x = runs.indexOf(p.run());
            if (speed) {
                pts.add(new Point(x, p.run().label(), b / p.value(), p.hi() > 0 ? b / p.hi() : Double.NaN,
                        p.lo() > 0 ? b / p.lo() : Double.NaN));
            } else {
                pts.add(new Point(x, p.run().label(), p.value(), p.lo(), p.hi()));
            }
        }
        return new Line(name, pts);
    }

    /** "x1.15" or "-0.0102": the change as the chart labels it (for times: images/s after over before). */
    private static String label(HistoryChanges.Found f) {
        if (f.series().metric().log()) return String.format(Locale.ROOT, "x%.2f img/s", 1 / f.estimate());
        return String.format(Locale.ROOT, "%+.4f", f.estimate());
    }

    /** "11-23 5989e8c": a run along the x axis. */
    static String runLabel(RunData r) {
        String t = r.timestampUtc();
        return (t.length() >= 10 ? t.substring(5, 10) + " " : "") + History.shortCommit(r.gitCommit());
    }

    /** The numbers a trend's chart is drawn from: one series per line, x the run's position, its label the run. */
    static Document.ChartData data(Trend t) {
        List<Document.Series> series = new java.util.ArrayList<>();
        for (Line l : t.lines()) {
            List<Document.Point> points = l.points().stream()
                    .map(p -> new Document.Point(p.run(), p.x(), Double.NaN, Double.NaN, p.y(), p.lo(), p.hi())).toList();
            series.add(new Document.Series(l.name(), l.name(), points));
        }
        return new Document.ChartData(t.title(), "run (date, commit)", t.yLabel(), series);
    }

    /** The chart of a trend: lines with interval bars, runs along x, change points as dashed lines or shaded spans. */
    public static JFreeChart chart(Trend t) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Line l : t.lines()) {
            YIntervalSeries s = new YIntervalSeries(l.name(), false, true);
            for (Point p : l.points()) {
                s.add(p.x(), p.y(), Double.isNaN(p.lo()) ? p.y() : p.lo(), Double.isNaN(p.hi()) ? p.y() : p.hi());
            }
            data.addSeries(s);
        }
        SymbolAxis x = new SymbolAxis("run (date, commit)", t.runs().toArray(new String[0]));
        x.setGridBandsVisible(false);
        NumberAxis y = new NumberAxis(t.yLabel());
        y.setAutoRangeIncludesZero(false);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDefaultLinesVisible(true);
        r.setDrawXError(false);
        r.setCapLength(6);
        for (int i = 0; i < t.lines().size(); i++) {
            r.setSeriesPaint(i, Colours.nth(i));
            r.setSeriesStroke(i, new BasicStroke(2f));
            r.setSeriesShape(i, new Ellipse2D.Double(-4, -4, 8, 8));
        }
        XYPlot plot = new XYPlot(data, x, y, r);
        plot.setOrientation(PlotOrientation.VERTICAL);
        for (Mark m : t.marks()) plot.addDomainMarker(marker(m), Layer.BACKGROUND);
        JFreeChart chart = new JFreeChart(t.title(), Charts.TITLE, plot, true);
        return Charts.style(chart);
    }

    private static Marker marker(Mark m) {
        Color c = switch (m.kind()) {
            case REGRESSION -> new Color(0xd62728);
            case IMPROVEMENT -> new Color(0x2ca02c);
            case SHIFT -> new Color(0x7f7f7f);
        };
        Marker marker;
        if (m.to() - m.from() <= 1) {
            marker = new ValueMarker((m.from() + m.to()) / 2.0, c, new BasicStroke(2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        } else {
            marker = new IntervalMarker(m.from() + 0.5, m.to() - 0.5, new Color(c.getRed(), c.getGreen(), c.getBlue(), 40));
        }
        marker.setLabel(m.line() + " " + m.label());
        marker.setLabelFont(Charts.NOTE);
        marker.setLabelPaint(c.darker());
        marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        return marker;
    }
}
