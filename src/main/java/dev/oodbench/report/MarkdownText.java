package dev.oodbench.report;

/**
 * Text made safe for one cell of a Markdown table (or one line of Markdown): line breaks of every
 * kind become spaces, so a value can neither end its table row nor start a heading or a list, and
 * the characters Markdown or HTML would read as markup are escaped, so a name from a results file is
 * shown as written and never as a link, an image, emphasis, a table column or an HTML tag.
 */
public final class MarkdownText {
    private MarkdownText() {}

    /** {@code s} as literal text for a table cell. */
    public static String cell(String s) {
        if (s == null) return "";
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r', '\n', '\u000B', '\f', '\u0085', '\u2028', '\u2029' -> {
                    if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') i++;
                    sb.append(' ');
                }
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\\', '|', '[', ']', '!', '*', '`' -> sb.append('\\').append(c);
                default -> sb.append(Character.isISOControl(c) ? ' ' : c);
            }
        }
        return sb.toString();
    }
}
