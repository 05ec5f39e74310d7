package dev.oodbench.results;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The report's charts (JFreeChart), rendered to PNG bytes with readable fonts and a white background. */
final class Charts {
    static final int WIDTH = 900;
    static final int HEIGHT = 520;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {}

    /** Lines of (x, y) points per series, optionally on log axes. */
    static JFreeChart lines(String title, String xLabel, String yLabel, Map<String, List<double[]>> series,
                            boolean logX, boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            for (double[] p : e.getValue()) s.add(p[0], p[1]);
            data.addSeries(s);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        if (logX) plot.setDomainAxis(log2Axis(xLabel));
        if (logY) plot.setRangeAxis(log2Axis(yLabel));
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            // past the palette, dashes tell series of the same colour apart
            r.setSeriesStroke(i, i < PALETTE.length ? new BasicStroke(2f)
                    : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
        }
        plot.setRenderer(r);
        return style(chart);
    }

    /** Distinct colours that read on white (no yellow). */
    static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd),
            new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f),
            new Color(0xbcbd22), new Color(0x393b79), new Color(0x843c39)};

    /** A base-2 log axis with plain-number tick labels (8, 16, ... or 1,024, 2,048, ...). */
    static LogAxis log2Axis(String label) {
        LogAxis ax = new LogAxis(label);
        ax.setBase(2);
        ax.setNumberFormatOverride(new java.text.DecimalFormat("#,##0.##"));
        ax.setAutoTickUnitSelection(false);
        ax.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(1.0)); // one tick per power of two
        ax.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        ax.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return ax;
    }

    /** Points only (scatter), e.g. AUROC against throughput. */
    static JFreeChart scatter(String title, String xLabel, String yLabel, Map<String, List<double[]>> series, boolean logX) {
        JFreeChart chart = lines(title, xLabel, yLabel, series, logX, false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        for (int i = 0; i < series.size(); i++) r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
        chart.getXYPlot().setRenderer(r);
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
        return chart;
    }

    static JFreeChart bars(String title, String category, String value, DefaultCategoryDataset data) {
        JFreeChart chart = ChartFactory.createBarChart(title, category, value, data, PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        return style(chart);
    }

    static JFreeChart histogram(String title, double[] id, double[] ood, String idName, String oodName) {
        HistogramDataset data = new HistogramDataset();
        data.setType(HistogramType.RELATIVE_FREQUENCY);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] a : new double[][] {id, ood}) for (double v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (hi <= lo) hi = lo + 1;
        data.addSeries("ID: " + idName, id, 60, lo, hi);
        data.addSeries("OOD: " + oodName, ood, 60, lo, hi);
        JFreeChart chart = ChartFactory.createHistogram(title, "score (higher = more OOD)", "share of samples", data,
                PlotOrientation.VERTICAL, true, false, false);
        chart.getXYPlot().setForegroundAlpha(0.6f);
        return style(chart);
    }

    private static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        var plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(Color.LIGHT_GRAY);
            xy.setRangeGridlinePaint(Color.LIGHT_GRAY);
        } else if (plot instanceof CategoryPlot cp) {
            cp.setRangeGridlinePaint(Color.LIGHT_GRAY);
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
