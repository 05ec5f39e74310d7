package dev.oodbench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.IntervalXYDataset;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import dev.oodbench.report.Document.ChartData;
import dev.oodbench.report.Document.Point;
import dev.oodbench.report.Document.Series;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.DoubleFunction;

/** The report's charts (JFreeChart), rendered to PNG bytes with readable fonts and a white background. */
final class Charts {
    static final int WIDTH = 960;
    static final int HEIGHT = 560;

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 17);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font NOTE = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    static XYSeriesCollection collection(Map<String, List<double[]>> series) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey(), false, true);
            for (double[] p : e.getValue()) s.add(p[0], p[1]);
            data.addSeries(s);
        }
        return data;
    }

    /**
     * A log axis: base 2 with one tick per power of two (batch sizes), or base 10 with ticks at 1, 2, 5
     * per decade (throughput); plain-number labels.
     */
    static LogAxis logAxis(String label, int base, XYDataset data, boolean domain) {
        LogAxis ax = base == 10 ? new RoundLogAxis(label) : new LogAxis(label);
        ax.setBase(base);
        ax.setSmallestValue(1e-9);
        ax.setNumberFormatOverride(new DecimalFormat("#,##0.###"));
        ax.setLabelFont(LABEL);
        ax.setTickLabelFont(TICK);
        ax.setMinorTickMarksVisible(true);
        if (base == 2) {
            ax.setAutoTickUnitSelection(false);
            ax.setTickUnit(new NumberTickUnit(1.0)); // one tick per power of two
        }
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.getSeriesCount(); s++) {
            for (int i = 0; i < data.getItemCount(s); i++) {
                double[] vs = {domain ? data.getXValue(s, i) : data.getYValue(s, i), Double.NaN, Double.NaN};
                if (data instanceof IntervalXYDataset iv) {
                    vs[1] = domain ? iv.getStartXValue(s, i) : iv.getStartYValue(s, i);
                    vs[2] = domain ? iv.getEndXValue(s, i) : iv.getEndYValue(s, i);
                }
                for (double v : vs) {
                    if (v > 0) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (lo <= hi) {
            double pad = base == 2 ? 1.25 : 1.4;
            lo /= pad;
            hi *= pad;
            if (base == 10 && hi / lo < 10) {
                // a narrow range would get a tick every few percent with long labels: span one decade
                // around the data instead, so the ticks fall on round numbers
                double mid = Math.sqrt(lo * hi);
                lo = mid / Math.sqrt(10);
                hi = mid * Math.sqrt(10);
            }
            ax.setRange(lo, hi);
        }
        return ax;
    }

    /** A base-10 log axis with ticks at 1, 2 and 5 times each power of ten (LogAxis spaces them evenly in log space). */
    static final class RoundLogAxis extends LogAxis {
        RoundLogAxis(String label) {
            super(label);
        }

        @Override
        @SuppressWarnings("rawtypes")
        protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return roundTicks(TextAnchor.CENTER_RIGHT);
        }

        @Override
        @SuppressWarnings("rawtypes")
        protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
            return roundTicks(TextAnchor.TOP_CENTER);
        }

        private List<NumberTick> roundTicks(TextAnchor anchor) {
            double lo = getLowerBound();
            double hi = getUpperBound();
            NumberFormat f = new DecimalFormat(lo >= 1 ? "#,##0" : "#,##0.###");
            List<NumberTick> ticks = new ArrayList<>();
            for (int e = (int) Math.floor(Math.log10(lo)); e <= (int) Math.ceil(Math.log10(hi)); e++) {
                for (int m : new int[] {1, 2, 5}) {
                    double v = m * Math.pow(10, e);
                    if (v >= lo && v <= hi) ticks.add(new NumberTick(v, f.format(v), anchor, anchor, 0));
                }
            }
            return ticks;
        }
    }

    static void label(JFreeChart chart, String text, double x, double y) {
        XYTextAnnotation a = new XYTextAnnotation(" " + text, x, y);
        a.setFont(NOTE);
        a.setTextAnchor(TextAnchor.BOTTOM_LEFT);
        a.setPaint(new Color(0x333333));
        chart.getXYPlot().addAnnotation(a);
    }

    /**
     * Score distributions as outlined step histograms on a common range (the pooled 0.5th to 99.5th
     * percentile, so a few extreme scores do not squash the rest): ID drawn black and thick, each OOD
     * set in a colour. Values are shares of each set per bin.
     */
    static JFreeChart histogram(String title, String idName, double[] id, Map<String, double[]> ood, Colours colours) {
        int total = id.length;
        for (double[] o : ood.values()) total += o.length;
        double[] pooled = new double[total];
        int k = 0;
        for (double v : id) pooled[k++] = v;
        for (double[] o : ood.values()) for (double v : o) pooled[k++] = v;
        Arrays.sort(pooled);
        double lo = pooled[(int) Math.floor(0.005 * (total - 1))];
        double hi = pooled[(int) Math.ceil(0.995 * (total - 1))];
        if (!(hi > lo)) {
            lo = pooled[0];
            hi = pooled[total - 1];
        }
        if (!(hi > lo)) hi = lo + 1;
        int bins = 50;
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        series.put("ID: " + idName, steps(id, lo, hi, bins));
        for (Map.Entry<String, double[]> e : ood.entrySet()) series.put(e.getKey(), steps(e.getValue(), lo, hi, bins));
        XYSeriesCollection data = collection(series);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "score (higher = more OOD)", "share of the set per bin", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        r.setSeriesPaint(0, Color.BLACK);
        r.setSeriesStroke(0, new BasicStroke(3f));
        List<String> sets = new ArrayList<>(ood.keySet());
        for (int i = 1; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, colours.of("set:" + sets.get(i - 1)));
            r.setSeriesStroke(i, new BasicStroke(1.8f));
        }
        chart.getXYPlot().setRenderer(r);
        NumberAxis x = (NumberAxis) chart.getXYPlot().getDomainAxis();
        x.setAutoRangeIncludesZero(false);
        x.setRange(lo - (hi - lo) * 0.02, hi + (hi - lo) * 0.02);
        return style(chart);
    }

    /** A histogram as the outline of its bars: values outside [lo, hi] go to the end bins. */
    private static List<double[]> steps(double[] v, double lo, double hi, int bins) {
        double[] c = new double[bins];
        double w = (hi - lo) / bins;
        for (double x : v) {
            int b = (int) Math.floor((x - lo) / w);
            c[Math.max(0, Math.min(bins - 1, b))]++;
        }
        List<double[]> pts = new ArrayList<>();
        pts.add(new double[] {lo, 0});
        for (int b = 0; b < bins; b++) {
            double share = c[b] / Math.max(1, v.length);
            pts.add(new double[] {lo + b * w, share});
            pts.add(new double[] {lo + (b + 1) * w, share});
        }
        pts.add(new double[] {hi, 0});
        return pts;
    }

    /** ROC curves (FPR on x, TPR on y, both 0..1) with the chance diagonal, each curve in its series' colour. */
    static JFreeChart roc(ChartData d, Colours colours) {
        JFreeChart chart = ChartFactory.createXYLineChart(d.title(), "false positive rate (ID flagged as OOD)",
                "true positive rate (OOD caught)", intervals(d), PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < d.series().size(); i++) {
            r.setSeriesPaint(i, colours.of(d.series().get(i).colourKey()));
            r.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(r);
        ((NumberAxis) plot.getDomainAxis()).setRange(0, 1);
        ((NumberAxis) plot.getRangeAxis()).setRange(0, 1.01);
        XYSeriesCollection diag = new XYSeriesCollection();
        XYSeries diagonal = new XYSeries("chance");
        diagonal.add(0, 0);
        diagonal.add(1, 1);
        diag.addSeries(diagonal);
        plot.setDataset(1, diag);
        XYLineAndShapeRenderer dr = new XYLineAndShapeRenderer(true, false);
        dr.setSeriesPaint(0, Color.GRAY);
        dr.setSeriesStroke(0, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        dr.setSeriesVisibleInLegend(0, false);
        plot.setRenderer(1, dr);
        return chart;
    }

    /** A chart's series as interval series: each point with its x and y intervals (the value itself where it has none). */
    static XYIntervalSeriesCollection intervals(ChartData d) {
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        for (Series s : d.series()) {
            XYIntervalSeries x = new XYIntervalSeries(s.name(), false, true);
            for (Point p : s.points()) {
                x.add(p.x(), p.hasXInterval() ? p.xLo() : p.x(), p.hasXInterval() ? p.xHi() : p.x(),
                        p.y(), p.hasYInterval() ? p.yLo() : p.y(), p.hasYInterval() ? p.yHi() : p.y());
            }
            data.addSeries(x);
        }
        return data;
    }

    /**
     * Lines with an error bar at every point (the point's y interval), coloured by each series' colour
     * key: the forward pass black and thicker, a detector or model in its colour for the whole report.
     */
    static JFreeChart lines(ChartData d, Colours colours, boolean logX, boolean logY) {
        XYIntervalSeriesCollection data = intervals(d);
        JFreeChart chart = ChartFactory.createXYLineChart(d.title(), d.xLabel(), d.yLabel(), data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (logX) plot.setDomainAxis(logAxis(d.xLabel(), 2, data, true));
        if (logY) plot.setRangeAxis(logAxis(d.yLabel(), 10, data, false));
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(false);
        r.setDrawYError(true);
        r.setDefaultLinesVisible(true);
        r.setCapLength(7);
        r.setErrorStroke(new BasicStroke(1.6f));
        for (int i = 0; i < d.series().size(); i++) {
            String key = d.series().get(i).colourKey();
            boolean fwd = key.equals(Colours.FORWARD);
            r.setSeriesPaint(i, colours.of(key));
            r.setSeriesStroke(i, fwd ? new BasicStroke(3.5f) : new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            r.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        }
        plot.setRenderer(r);
        return style(chart);
    }

    /**
     * A forest plot: one row per category (the points' labels, top to bottom in order of first
     * appearance), a dot at each series' value with its interval as a horizontal bar, series (models)
     * side by side within a row in their colours. {@code reference}: a vertical line (0 for an
     * overhead, 1 for a ratio; NaN for none); a point whose interval holds it gets {@code holdsMark}
     * after its label, so "no difference shown" is read off the chart.
     */
    static JFreeChart forest(ChartData d, Colours colours, boolean logX, double reference, DoubleFunction<String> format,
                             String holdsMark) {
        Set<String> cats = new LinkedHashSet<>();
        for (Series s : d.series()) for (Point p : s.points()) cats.add(p.label());
        List<String> categories = new ArrayList<>(cats);
        int n = d.series().size();
        XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
        List<XYTextAnnotation> labels = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Series s = d.series().get(k);
            XYIntervalSeries x = new XYIntervalSeries(s.name(), false, true);
            double off = n == 1 ? 0 : (k - (n - 1) / 2.0) * Math.min(0.3, 0.8 / n);
            for (Point p : s.points()) {
                double y = categories.indexOf(p.label()) + off;
                double lo = p.hasXInterval() ? p.xLo() : p.x();
                double hi = p.hasXInterval() ? p.xHi() : p.x();
                x.add(p.x(), lo, hi, y, y, y);
                boolean holds = Double.isFinite(reference) && p.hasXInterval() && lo <= reference && hi >= reference;
                XYTextAnnotation a = new XYTextAnnotation("  " + format.apply(p.x()) + (holds ? " " + holdsMark : ""),
                        Math.max(hi, p.x()), y);
                a.setFont(NOTE);
                a.setTextAnchor(TextAnchor.CENTER_LEFT);
                a.setPaint(holds ? Color.GRAY : colours.of(s.colourKey()).darker());
                labels.add(a);
            }
            data.addSeries(x);
        }
        SymbolAxis yAxis = new SymbolAxis(null, categories.toArray(String[]::new));
        yAxis.setInverted(true);
        yAxis.setGridBandsVisible(false);
        yAxis.setTickLabelFont(TICK);
        yAxis.setRange(-0.7, categories.size() - 0.3);
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(true);
        r.setDrawYError(false);
        r.setDefaultLinesVisible(false);
        r.setCapLength(6);
        r.setErrorStroke(new BasicStroke(2f));
        for (int k = 0; k < n; k++) {
            r.setSeriesPaint(k, colours.of(d.series().get(k).colourKey()));
            r.setSeriesShape(k, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        }
        ValueAxis xAxis;
        if (logX) {
            xAxis = logAxis(d.xLabel(), 10, swapped(data), false);
        } else {
            NumberAxis na = new NumberAxis(d.xLabel());
            na.setAutoRangeIncludesZero(Double.isFinite(reference) && reference == 0);
            na.setUpperMargin(0.25);
            xAxis = na;
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, r);
        if (Double.isFinite(reference)) {
            ValueMarker m = new ValueMarker(reference, new Color(0x444444), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {5f, 4f}, 0f));
            plot.addDomainMarker(m);
        }
        labels.forEach(plot::addAnnotation);
        JFreeChart chart = new JFreeChart(d.title(), TITLE, plot, n > 1);
        style(chart);
        xAxis.setLabelFont(LABEL);
        xAxis.setTickLabelFont(TICK);
        if (logX) {
            LogAxis la = (LogAxis) xAxis;
            la.setRange(la.getLowerBound(), la.getUpperBound() * 1.5); // room for the labels
        }
        return chart;
    }

    /** The forest's x values (its data keep values on x) as the y of a dataset, for sizing a log value axis. */
    private static XYIntervalSeriesCollection swapped(XYIntervalSeriesCollection d) {
        XYIntervalSeriesCollection out = new XYIntervalSeriesCollection();
        for (int s = 0; s < d.getSeriesCount(); s++) {
            XYIntervalSeries x = new XYIntervalSeries(d.getSeriesKey(s), false, true);
            for (int i = 0; i < d.getItemCount(s); i++) {
                x.add(0, 0, 0, d.getXValue(s, i), d.getStartXValue(s, i), d.getEndXValue(s, i));
            }
            out.addSeries(x);
        }
        return out;
    }

    /** Rows a forest plot of {@code categories} rows and {@code series} series needs: its height in pixels. */
    static int forestHeight(int categories, int series) {
        return 150 + categories * (14 + 9 * Math.max(1, series));
    }

    /**
     * Points with intervals on both axes (AUROC against images/s), one series per detector in its
     * colour, the x axis log; the points named in {@code labelled} are ringed and labelled with their
     * series name, the rest drawn plain so labels do not pile up.
     */
    static JFreeChart scatterIntervals(ChartData d, Colours colours, Set<String> labelled) {
        XYIntervalSeriesCollection data = intervals(d);
        JFreeChart chart = ChartFactory.createXYLineChart(d.title(), d.xLabel(), d.yLabel(), data, PlotOrientation.VERTICAL,
                false, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(logAxis(d.xLabel(), 10, data, true));
        XYErrorRenderer r = new XYErrorRenderer();
        r.setDrawXError(true);
        r.setDrawYError(true);
        r.setDefaultLinesVisible(false);
        r.setCapLength(5);
        r.setErrorStroke(new BasicStroke(1.4f));
        for (int i = 0; i < d.series().size(); i++) {
            Series s = d.series().get(i);
            r.setSeriesPaint(i, colours.of(s.colourKey()));
            boolean on = labelled.contains(s.name());
            r.setSeriesShape(i, on ? new Ellipse2D.Double(-6, -6, 12, 12) : new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            if (on) {
                for (Point p : s.points()) label(chart, s.name(), p.x(), p.y());
            }
        }
        plot.setRenderer(r);
        NumberAxis y = (NumberAxis) plot.getRangeAxis();
        y.setAutoRangeIncludesZero(false);
        var x = (LogAxis) plot.getDomainAxis();
        x.setRange(x.getLowerBound(), x.getUpperBound() * 1.8); // room for the labels of the fastest detectors
        return style(chart);
    }

    static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(TITLE);
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(LEGEND);
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(BlockBorder.NONE);
        }
        var plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(new Color(0xdddddd));
            xy.setRangeGridlinePaint(new Color(0xdddddd));
            xy.setDomainGridlineStroke(new BasicStroke(1f));
            xy.setRangeGridlineStroke(new BasicStroke(1f));
            for (var ax : new ValueAxis[] {xy.getDomainAxis(), xy.getRangeAxis()}) {
                ax.setLabelFont(LABEL);
                ax.setTickLabelFont(TICK);
            }
        } else if (plot instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(new Color(0xdddddd));
            cp.setRangeGridlineStroke(new BasicStroke(1f));
        }
        return chart;
    }

    static byte[] png(JFreeChart chart) throws IOException {
        return png(chart, WIDTH, HEIGHT);
    }

    static byte[] png(JFreeChart chart, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ChartUtils.writeChartAsPNG(out, chart, w, h);
        return out.toByteArray();
    }
}
