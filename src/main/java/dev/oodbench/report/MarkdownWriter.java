package dev.oodbench.report;

import dev.oodbench.report.Document.Block;
import dev.oodbench.report.Document.Cell;
import dev.oodbench.report.Document.Chart;
import dev.oodbench.report.Document.ChartGrid;
import dev.oodbench.report.Document.Heading;
import dev.oodbench.report.Document.Note;
import dev.oodbench.report.Document.Section;
import dev.oodbench.report.Document.Table;
import dev.oodbench.report.Document.Text;
import java.util.List;
import java.util.stream.Collectors;

/** A {@link Document} as Markdown; its charts are links to PNG files in the folder {@code files} beside it. */
final class MarkdownWriter {
    private MarkdownWriter() {}

    static String write(Document doc, String files, String htmlFile) {
        StringBuilder sb = new StringBuilder("# ").append(md(doc.title())).append("\n\n");
        sb.append("Charts are in `").append(files).append("/`; `").append(htmlFile)
                .append("` holds the same report in one self-contained file.\n\n");
        for (Section s : doc.sections()) {
            sb.append("#".repeat(s.level())).append(' ').append(md(s.title())).append("\n\n");
            for (Block b : s.blocks()) block(sb, b, files);
        }
        return sb.toString();
    }

    private static void block(StringBuilder sb, Block b, String files) {
        if (b instanceof Text t) sb.append(md(t.text())).append("\n\n");
        else if (b instanceof Note n) sb.append("> ").append(md(n.text())).append("\n\n");
        else if (b instanceof Heading h) sb.append("#### ").append(md(h.text())).append("\n\n");
        else if (b instanceof Table t) table(sb, t);
        else if (b instanceof Chart c) image(sb, c, files);
        else if (b instanceof ChartGrid g) g.charts().forEach(c -> image(sb, c, files));
    }

    private static void image(StringBuilder sb, Chart c, String files) {
        sb.append("![").append(md(c.alt())).append("](").append(files).append('/').append(c.file()).append(")\n\n");
    }

    private static void table(StringBuilder sb, Table t) {
        if (!t.caption().isEmpty()) sb.append(md(t.caption())).append("\n\n");
        sb.append("| ").append(t.header().stream().map(MarkdownWriter::md).collect(Collectors.joining(" | "))).append(" |\n|");
        sb.append("---|".repeat(t.header().size())).append('\n');
        for (List<Cell> r : t.rows()) {
            sb.append("| ").append(r.stream().map(c -> c.bold() ? "**" + md(c.text()) + "**" : md(c.text()))
                    .collect(Collectors.joining(" | "))).append(" |\n");
        }
        sb.append('\n');
    }

    /**
     * Text made safe for Markdown: line breaks become spaces (a field cannot end a table row or start a
     * heading); outside `code spans`, HTML's {@code & < >} become entities (so a {@code <script>} from a
     * CSV field is shown, never run, as in the HTML report) and Markdown's own {@code \ [ ] * _ | #} are
     * backslash-escaped (no injected links, emphasis, headings or table cells).
     */
    static String md(String s) {
        if (s == null) return "";
        s = s.replaceAll("[\\r\\n\\u2028\\u2029\\u0085]+", " ");
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
                case '\\', '[', ']', '*', '_', '|', '#' -> b.append('\\').append(ch);
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
