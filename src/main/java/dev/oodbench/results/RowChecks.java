package dev.oodbench.results;

import dev.oodbench.eval.EvalRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The value checks a results file passes when it is read (compare, report, history): metrics are
 * fractions in [0, 1], times are finite and positive, counts are whole and positive. A cell may be
 * empty where the schema allows it (no interval, a skipped row), but never {@code NaN} or infinite.
 * A bad value fails with one line naming the file, line, column and the fix.
 */
final class RowChecks {
    private static final List<String> FRACTIONS = List.of("model_accuracy", "auroc", "auroc_lo", "auroc_hi", "fpr95",
            "fpr95_lo", "fpr95_hi", "fpr95_idpos", "tnr95", "aupr_in", "aupr_out", "detection_error");

    private RowChecks() {}

    /** Checks one {@code accuracy.csv} record; returns its cells unchanged. */
    static Map<String, String> accuracy(Map<String, String> m, Path file, int line) {
        Check c = new Check(m, file, line);
        for (String col : FRACTIONS) c.fraction(col);
        c.interval("auroc");
        c.interval("fpr95");
        boolean ok = m.getOrDefault("status", "").isEmpty() || m.get("status").equals(EvalRow.OK);
        c.count("n_id", ok);
        c.count("n_ood", ok);
        if (ok) c.present("auroc");
        c.seconds("fit_seconds", true);
        c.seconds("score_seconds", true);
        return m;
    }

    /** Checks one {@code performance.csv} record; returns its cells unchanged. */
    static Map<String, String> performance(Map<String, String> m, Path file, int line) {
        Check c = new Check(m, file, line);
        boolean ok = m.getOrDefault("status", "").isEmpty() || m.get("status").equals(PerformanceRow.OK);
        if (ok) c.present("score");
        c.seconds("score", false);
        c.seconds("score_error", true);
        c.seconds("images_per_s", false);
        c.finite("overhead_vs_forward");
        c.count("batch_size", true);
        c.whole("threads", 0);
        c.count("forks", true);
        c.count("iterations", true);
        c.whole("cores", 0);
        return m;
    }

    private record Check(Map<String, String> m, Path file, int line) {
        private String cell(String col) {
            String v = m.get(col);
            return v == null ? "" : v.trim();
        }

        private IllegalArgumentException bad(String col, String why) {
            return new IllegalArgumentException(file + " line " + line + ": column " + col + " is '" + cell(col) + "', "
                    + why + "; correct that row or regenerate the file with oodbench");
        }

        /** The value, NaN when empty; a non-number, NaN or an infinity fails. */
        double finite(String col) {
            String s = cell(col);
            if (s.isEmpty()) return Double.NaN;
            double v;
            try {
                v = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw bad(col, "not a number");
            }
            if (!Double.isFinite(v)) throw bad(col, "not a finite number");
            return v;
        }

        /** Float64 rounding allowed around the ends of [0, 1]. */
        static final double ROUNDING = 1e-9;

        void present(String col) {
            if (cell(col).isEmpty()) throw bad(col, "empty in a row whose status is ok");
        }

        void fraction(String col) {
            double v = finite(col);
            // averages of intervals can land a few ulps outside [0, 1] (the committed baseline has 1.000000000000008)
            if (v < -ROUNDING || v > 1 + ROUNDING) throw bad(col, "outside [0, 1] (metrics are fractions)");
        }

        void interval(String metric) {
            double lo = finite(metric + "_lo");
            double hi = finite(metric + "_hi");
            if (lo > hi) throw bad(metric + "_lo", "above " + metric + "_hi (" + cell(metric + "_hi") + ")");
        }

        /** A time in seconds or ms (or a rate): finite and above zero ({@code zeroAllowed}: at least zero). */
        void seconds(String col, boolean zeroAllowed) {
            double v = finite(col);
            if (zeroAllowed ? v < 0 : v <= 0) throw bad(col, zeroAllowed ? "negative" : "not above zero");
        }

        void whole(String col, int min) {
            double v = finite(col);
            if (Double.isNaN(v)) return;
            if (v != Math.rint(v) || v < min || v > Integer.MAX_VALUE) {
                throw bad(col, "not a whole number" + (min > 0 ? " above zero" : " of at least " + min));
            }
        }

        /** A count: whole and above zero ({@code positive}), else whole and at least zero. */
        void count(String col, boolean positive) {
            whole(col, positive ? 1 : 0);
        }
    }
}
