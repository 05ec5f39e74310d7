package dev.oodbench.report;

import dev.oodbench.report.Compare.Result;
import dev.oodbench.report.Compare.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A comparison written for people: the summary first, then the rows grouped by verdict (regressions,
 * failed, improvements, inconclusive, not comparable); unchanged, missing and not-run rows are
 * counted, and listed only when asked for ({@code all}). Two forms: a console table that fits 120
 * columns, and Markdown for a pull request that stays under {@value #MARKDOWN_LIMIT} characters (a
 * comment holds 65,536), with everything but regressions and improvements folded.
 */
public final class CompareText {
    /** The most characters the Markdown form takes; rows past it are counted and left to the CSV. */
    public static final int MARKDOWN_LIMIT = 60_000;
    /** Widest row key on the console; longer keys are cut with "~". */
    static final int KEY_WIDTH = 52;

    private CompareText() {}

    private static List<String> shown(boolean all) {
        return all ? Compare.ORDER : List.of(Compare.REGRESSION, Compare.FAILED, Compare.IMPROVEMENT, Compare.INCONCLUSIVE,
                Compare.NOT_COMPARABLE);
    }

    private static List<Row> with(Result r, String verdict) {
        return r.rows().stream().filter(x -> x.verdict().equals(verdict)).toList();
    }

    private static String thresholds(Result r) {
        return String.format(Locale.ROOT, "thresholds: slower by %.0f%%, AUROC drop %.3f, FPR95 rise %.3f, each beyond the noise",
                100 * r.slower(), r.aurocDrop(), r.fpr95Rise());
    }

    /** The console text. */
    public static String console(Result r, boolean all) {
        StringBuilder sb = new StringBuilder();
        sb.append("baseline  ").append(r.baseline()).append('\n').append("candidate ").append(r.candidate()).append('\n');
        if (!r.hardwareNote().isEmpty()) sb.append(r.hardwareNote()).append('\n');
        if (!r.softwareNote().isEmpty()) sb.append(r.softwareNote()).append('\n');
        sb.append(r.summary()).append('\n');
        sb.append(wrap("method: " + r.speedMethod() + "; " + thresholds(r), 118, "  "));
        for (String verdict : shown(all)) {
            List<Row> rows = with(r, verdict);
            if (rows.isEmpty()) continue;
            sb.append('\n').append(verdict).append(" (").append(rows.size()).append(")\n");
            // speed rows, then quality rows: each kind its own columns
            for (String kind : List.of("speed", "quality")) {
                List<Row> ofKind = rows.stream().filter(x -> x.kind().equals(kind)).toList();
                if (!ofKind.isEmpty()) consoleTable(sb, ofKind);
            }
        }
        if (!all && (r.count(Compare.NO_CHANGE) + r.missing() + r.count(Compare.NOT_RUN) > 0)) {
            sb.append('\n').append(String.format(Locale.ROOT, "not listed: %d no change, %d missing on one side, %d not run "
                    + "(--all lists them)%n", r.count(Compare.NO_CHANGE), r.missing(), r.count(Compare.NOT_RUN)));
        }
        sb.append(r.summary()).append('\n');
        return sb.toString();
    }

    /** One console table: a header, then a line per row (and its detail below where it has no change to show). */
    private static void consoleTable(StringBuilder sb, List<Row> rows) {
        {
            List<String[]> cells = new ArrayList<>();
            boolean plain = rows.stream().allMatch(x -> Double.isNaN(x.change()));
            cells.add(plain ? new String[] {"metric", "row", "baseline", "candidate", "note"}
                    : new String[] {"metric", "row", "baseline", "candidate", "change", "interval", lastColumn(rows)});
            List<String> notes = new ArrayList<>();
            for (Row x : rows) {
                cells.add(plain ? plainCells(x) : cells(x));
                notes.add(!plain && Double.isNaN(x.change()) ? x.detail() : "");
            }
            int[] w = new int[cells.get(0).length];
            for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], Math.min(c[i].length(), KEY_WIDTH));
            for (int k = 0; k < cells.size(); k++) {
                String[] c = cells.get(k);
                StringBuilder line = new StringBuilder("  ");
                for (int i = 0; i < c.length; i++) {
                    String v = i == 1 && c[i].length() > KEY_WIDTH ? c[i].substring(0, KEY_WIDTH - 1) + "~" : c[i];
                    boolean right = i >= 2 && !plain || plain && (i == 2 || i == 3);
                    line.append(i == c.length - 1 && !right ? v : String.format("%" + (right ? "" : "-") + w[i] + "s  ", v));
                }
                sb.append(line.toString().stripTrailing()).append('\n');
                if (k > 0 && !notes.get(k - 1).isEmpty()) sb.append("      ").append(notes.get(k - 1)).append('\n');
            }
        }
    }

    /** {@code text} broken at spaces into lines of at most {@code width} characters, later lines indented. */
    static String wrap(String text, int width, String indent) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                out.append(line).append('\n');
                line = new StringBuilder(indent);
            }
            if (line.length() > 0 && !line.toString().equals(indent)) line.append(' ');
            line.append(word);
        }
        return out.append(line).append('\n').toString();
    }

    private static String metric(Row x) {
        return x.metric().isEmpty() ? x.kind() : x.metric().equals("time") ? "ms/batch" : x.metric();
    }

    private static String[] cells(Row x) {
        if (Double.isNaN(x.change())) {
            return new String[] {metric(x), x.keyText(), fmt(x, x.baseline()), fmt(x, x.candidate()), "-", "-", ""};
        }
        boolean speed = x.kind().equals("speed");
        String change = speed ? String.format(Locale.ROOT, "x%.3f", x.change()) : String.format(Locale.ROOT, "%+.4f", x.change());
        String interval = speed ? ratio(x.lo()) + ".." + ratio(x.hi())
                : String.format(Locale.ROOT, "%+.4f..%+.4f", x.lo(), x.hi());
        String norm = !speed ? shortMethod(x.method())
                : Double.isNaN(x.normalised()) ? "" : String.format(Locale.ROOT, "x%.3f", x.normalised());
        return new String[] {metric(x), x.keyText(), fmt(x, x.baseline()), fmt(x, x.candidate()), change, interval, norm};
    }

    /** The last column: the calibration-normalised ratio for speed rows, the method for quality rows. */
    private static String lastColumn(List<Row> rows) {
        boolean speed = rows.stream().anyMatch(x -> x.kind().equals("speed"));
        boolean quality = rows.stream().anyMatch(x -> x.kind().equals("quality"));
        return speed && quality ? "normalised / method" : quality ? "method" : "normalised";
    }

    /** A quality row's method in a word or two (the CSV and the row's detail name it whole). */
    private static String shortMethod(String method) {
        return method.equals(PairedQuality.UNPAIRED) ? "unpaired" : method.equals(PairedQuality.DELONG) ? "DeLong" : method;
    }

    /** A ratio bound: three decimals, or "<0.001" / ">999" past what a person reads. */
    private static String ratio(double v) {
        return v < 0.001 ? "<0.001" : v > 999 ? ">999" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String[] plainCells(Row x) {
        return new String[] {metric(x), x.keyText(), fmt(x, x.baseline()), fmt(x, x.candidate()), x.detail()};
    }

    private static String fmt(Row x, double v) {
        if (Double.isNaN(v)) return "-";
        return x.kind().equals("speed") ? Compare.ms(v / 1e3) : String.format(Locale.ROOT, "%.4f", v);
    }

    /** The Markdown form, titled for {@code command} ({@code compare} or {@code ab}). */
    public static String markdown(Result r, String command, boolean all) {
        StringBuilder sb = new StringBuilder();
        long failed = r.count(Compare.FAILED);
        String status = r.regressions() > 0 ? ":x: " + r.regressions() + " regression" + (r.regressions() == 1 ? "" : "s")
                : failed > 0 ? ":x: " + failed + " row" + (failed == 1 ? "" : "s") + " failed to run"
                : ":white_check_mark: no regression";
        sb.append("## oodbench ").append(MarkdownText.cell(command)).append(": ").append(status).append("\n\n");
        sb.append("Baseline ").append(MarkdownText.cell(r.baseline())).append(", candidate ")
                .append(MarkdownText.cell(r.candidate())).append(".\n\n");
        if (!r.hardwareNote().isEmpty()) sb.append("> **").append(MarkdownText.cell(r.hardwareNote())).append("**\n\n");
        if (!r.softwareNote().isEmpty()) sb.append("> ").append(MarkdownText.cell(r.softwareNote())).append("\n\n");
        sb.append(r.rows().size()).append(" rows compared: ").append(r.verdictCounts(true)).append(".\n\n");
        sb.append("Method: ").append(MarkdownText.cell(r.speedMethod())).append("; quality: bootstrap intervals. ")
                .append(MarkdownText.cell(thresholds(r))).append(".\n\n");
        List<String> groups = shown(all);
        // what must fit after the tables: the closing lines of the folded groups
        for (String verdict : groups) {
            List<Row> rows = with(r, verdict);
            if (rows.isEmpty()) continue;
            boolean open = verdict.equals(Compare.REGRESSION) || verdict.equals(Compare.FAILED) || verdict.equals(Compare.IMPROVEMENT);
            String title = Character.toUpperCase(verdict.charAt(0)) + verdict.substring(1) + " (" + rows.size() + ")";
            if (open) sb.append("### ").append(title).append("\n\n");
            else sb.append("<details><summary>").append(title).append("</summary>\n\n");
            table(sb, rows, MARKDOWN_LIMIT - 200 * (groups.size() - groups.indexOf(verdict)));
            sb.append(open ? "\n" : "\n</details>\n\n");
        }
        if (!all && (r.count(Compare.NO_CHANGE) + r.missing() + r.count(Compare.NOT_RUN) > 0)) {
            sb.append(String.format(Locale.ROOT, "Not listed: %d no change, %d missing on one side, %d not run (the CSV "
                    + "from `--csv` has every row).%n", r.count(Compare.NO_CHANGE), r.missing(), r.count(Compare.NOT_RUN)));
        }
        return sb.toString();
    }

    /** A table of {@code rows}, cut where the text would pass {@code limit} characters, with the count of rows left out. */
    private static void table(StringBuilder sb, List<Row> rows, int limit) {
        sb.append("| metric | row | baseline | candidate | change | interval | note |\n");
        sb.append("| --- | --- | ---: | ---: | ---: | --- | --- |\n");
        int written = 0;
        for (Row x : rows) {
            String[] c = cells(x);
            c[6] = Double.isNaN(x.change()) ? x.detail() : c[6].isEmpty() || !x.kind().equals("speed") ? c[6] : "normalised " + c[6];
            StringBuilder line = new StringBuilder("| ");
            for (int i = 0; i < c.length; i++) line.append(MarkdownText.cell(c[i])).append(i == c.length - 1 ? " |\n" : " | ");
            if (sb.length() + line.length() > limit) break;
            sb.append(line);
            written++;
        }
        if (written < rows.size()) {
            sb.append("\n").append(rows.size() - written).append(" more rows left out to keep this under ")
                    .append(String.format(Locale.ROOT, "%,d", MARKDOWN_LIMIT)).append(" characters; the CSV from `--csv` has them.\n");
        }
    }
}
