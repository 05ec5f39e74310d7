package dev.oodbench.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A report as a document, before any markup: a title and sections of typed blocks (text, notes,
 * tables whose cells carry a value and its interval, charts with the data they were drawn from).
 * {@link Report} builds one from the runs; {@link HtmlWriter} and {@link MarkdownWriter} write it. The
 * writers hold no content and the sections no markup, so a test can read a table's intervals or a
 * chart's numbers directly.
 */
public record Document(String title, List<Section> sections) {

    /** One heading (level 2 or 3) and its blocks, in order. */
    public static final class Section {
        private final int level;
        private final String title;
        private final String anchor;
        private final List<Block> blocks = new ArrayList<>();

        Section(int level, String title, String anchor) {
            this.level = level;
            this.title = title;
            this.anchor = anchor;
        }

        public int level() { return level; }
        public String title() { return title; }
        public String anchor() { return anchor; }
        public List<Block> blocks() { return List.copyOf(blocks); }

        Section add(Block b) {
            blocks.add(b);
            return this;
        }

        Section text(String s) { return add(new Text(s)); }
        Section note(String s) { return add(new Note(s)); }
        Section heading(String s) { return add(new Heading(s)); }
    }

    /** What a section holds. */
    public sealed interface Block permits Text, Note, Heading, Table, Chart, ChartGrid {}

    /** A paragraph. */
    public record Text(String text) implements Block {}

    /** A paragraph that warns or explains an absence. */
    public record Note(String text) implements Block {}

    /** A sub-heading inside a section. */
    public record Heading(String text) implements Block {}

    /**
     * A table; {@code collapsed}: long tables the HTML writer folds away behind their caption.
     */
    public record Table(String caption, List<String> header, List<List<Cell>> rows, boolean collapsed) implements Block {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /**
     * A table cell: its text as shown, and when it is a measured number, the value and its interval
     * ({@code lo}, {@code hi}; NaN without one). {@code bold} marks the best of a column.
     */
    public record Cell(String text, double value, double lo, double hi, boolean bold, boolean numeric) {
        public static Cell of(String text) {
            return new Cell(text == null ? "" : text, Double.NaN, Double.NaN, Double.NaN, false, false);
        }

        public static Cell number(String text, double value) {
            return new Cell(text, value, Double.NaN, Double.NaN, false, true);
        }

        public static Cell interval(String text, double value, double lo, double hi) {
            return new Cell(text, value, lo, hi, false, true);
        }

        public Cell asBold() {
            return new Cell(text, value, lo, hi, true, numeric);
        }
    }

    /** A chart: its file name (for the Markdown writer), alt text, the PNG, and the data it was drawn from. */
    public record Chart(String file, String alt, byte[] png, ChartData data) implements Block {}

    /** Charts side by side (small multiples), two to a row in HTML. */
    public record ChartGrid(List<Chart> charts) implements Block {
        public ChartGrid {
            charts = List.copyOf(charts);
        }
    }

    /** The numbers of a chart: its axes and series. */
    public record ChartData(String title, String xLabel, String yLabel, List<Series> series) {
        public ChartData {
            series = List.copyOf(series);
        }

        /** The series of that name, or null. */
        public Series series(String name) {
            return series.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
        }
    }

    /** One line, set of bars or set of points; {@code colourKey} names what its colour stands for (a detector, a model). */
    public record Series(String name, String colourKey, List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /**
     * A point with its intervals on both axes (NaN where there is none) and an optional label (a
     * category name for bar-like charts, a detector for scatter points).
     */
    public record Point(String label, double x, double xLo, double xHi, double y, double yLo, double yHi) {
        public static Point of(double x, double y) {
            return new Point("", x, Double.NaN, Double.NaN, y, Double.NaN, Double.NaN);
        }

        public static Point withY(double x, double y, double yLo, double yHi) {
            return new Point("", x, Double.NaN, Double.NaN, y, yLo, yHi);
        }

        public boolean hasYInterval() {
            return Double.isFinite(yLo) && Double.isFinite(yHi);
        }

        public boolean hasXInterval() {
            return Double.isFinite(xLo) && Double.isFinite(xHi);
        }
    }
}
