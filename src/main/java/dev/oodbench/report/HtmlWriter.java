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
import java.util.Base64;
import java.util.List;

/** A {@link Document} as one self-contained HTML page: every chart embedded as a base64 PNG, nothing loaded from elsewhere. */
final class HtmlWriter {
    private HtmlWriter() {}

    private static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:16px;"
            + "line-height:1.45;max-width:1320px;margin:1.5em auto;padding:0 1.2em;color:#1d1d1d}\n"
            + "h1{font-size:1.9em;margin-bottom:.2em}h2{font-size:1.45em;margin-top:2.2em;border-bottom:2px solid #ddd;"
            + "padding-bottom:.2em}h3{font-size:1.2em;margin-top:1.8em}h4{font-size:1.05em;margin:1.2em 0 .3em}\n"
            + ".scroll{overflow-x:auto;max-height:70vh;overflow-y:auto}table{border-collapse:collapse;font-size:14px;margin:.6em 0}"
            + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}td{max-width:32em}"
            + "th{background:#f1f3f5;position:sticky;top:0}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
            + "tr:nth-child(even) td{background:#fafafa}\n"
            + "img{max-width:100%;height:auto;border:1px solid #e3e3e3;margin:.3em 0}"
            + ".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(560px,1fr));gap:10px}.grid img{width:100%}\n"
            + ".note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5em .8em}"
            + "details{margin:.6em 0}summary{cursor:pointer;font-weight:600}"
            + "nav ul{columns:2;font-size:14px}code{background:#f3f3f3;padding:0 3px}\n";

    static String write(Document doc, String generated) {
        StringBuilder sb = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").append(esc(doc.title()))
                .append("</title><style>\n").append(STYLE).append("</style></head><body>\n<h1>").append(esc(doc.title())).append("</h1>\n");
        sb.append("<p>").append(esc(generated)).append("</p>\n<nav><ul>");
        for (Section s : doc.sections()) {
            sb.append("<li").append(s.level() == 3 ? " style=\"margin-left:1.2em\"" : "").append("><a href=\"#").append(s.anchor())
                    .append("\">").append(esc(s.title())).append("</a></li>");
        }
        sb.append("</ul></nav>\n");
        for (Section s : doc.sections()) {
            sb.append("<h").append(s.level()).append(" id=\"").append(s.anchor()).append("\">").append(esc(s.title()))
                    .append("</h").append(s.level()).append(">\n");
            for (Block b : s.blocks()) block(sb, b);
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void block(StringBuilder sb, Block b) {
        if (b instanceof Text t) sb.append("<p>").append(esc(t.text())).append("</p>\n");
        else if (b instanceof Note n) sb.append("<p class=\"note\">").append(esc(n.text())).append("</p>\n");
        else if (b instanceof Heading h) sb.append("<h4>").append(esc(h.text())).append("</h4>\n");
        else if (b instanceof Table t) table(sb, t);
        else if (b instanceof Chart c) image(sb, c);
        else if (b instanceof ChartGrid g) {
            sb.append("<div class=\"grid\">\n");
            for (Chart c : g.charts()) image(sb, c);
            sb.append("</div>\n");
        }
    }

    private static void image(StringBuilder sb, Chart c) {
        sb.append("<img alt=\"").append(esc(c.alt())).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(c.png())).append("\">\n");
    }

    private static void table(StringBuilder sb, Table t) {
        if (t.collapsed()) {
            sb.append("<details><summary>").append(esc(t.caption())).append(" (").append(t.rows().size())
                    .append(" rows)</summary>\n");
        } else if (!t.caption().isEmpty()) {
            sb.append("<p>").append(esc(t.caption())).append("</p>\n");
        }
        sb.append("<div class=\"scroll\"><table><tr>");
        for (String h : t.header()) sb.append("<th>").append(esc(h)).append("</th>");
        sb.append("</tr>\n");
        for (List<Cell> r : t.rows()) {
            sb.append("<tr>");
            for (Cell c : r) {
                sb.append(c.numeric() ? "<td class=\"n\">" : "<td>").append(c.bold() ? "<b>" : "").append(esc(c.text()))
                        .append(c.bold() ? "</b>" : "").append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table></div>\n");
        if (t.collapsed()) sb.append("</details>\n");
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
