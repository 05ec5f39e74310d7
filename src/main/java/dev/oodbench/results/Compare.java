package dev.oodbench.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Baseline against candidate. Speed rows are joined on (benchmark, model, detector, batch size,
 * device, threads); the ratio candidate/baseline of the time per batch gets a first-order interval
 * from both JMH errors, and is a regression when even its lower bound is slower than
 * {@code 1 + slower}. Quality rows are joined on (model, detector, ID set, OOD set); an AUROC drop is
 * a regression when it exceeds {@code aurocDrop} plus the wider of the two bootstrap half-widths.
 * Rows present on one side only are kept and listed.
 */
public final class Compare {
    /** One compared row. {@code kind} is speed or quality; verdict regression, improvement, no change or missing. */
    public record Row(String kind, String key, double baseline, double candidate, double ratioOrDelta, double lo,
                      double hi, String verdict, String detail) {}

    public record Result(String hardwareNote, List<Row> rows) {
        public long regressions() {
            return rows.stream().filter(r -> r.verdict().equals("regression")).count();
        }

        public long improvements() {
            return rows.stream().filter(r -> r.verdict().equals("improvement")).count();
        }
    }

    private final double slower;
    private final double aurocDrop;

    public Compare(double slower, double aurocDrop) {
        this.slower = slower;
        this.aurocDrop = aurocDrop;
    }

    public Result compare(RunData base, RunData cand) {
        List<Row> rows = new ArrayList<>();
        if (base.performance() != null || cand.performance() != null) {
            rows.addAll(speed(index(base.performance(), true), index(cand.performance(), true)));
        }
        if (base.accuracy() != null || cand.accuracy() != null) {
            rows.addAll(quality(index(base.accuracy(), false), index(cand.accuracy(), false)));
        }
        String hw = base.hardware().equals(cand.hardware()) ? ""
                : "hardware differs: baseline " + base.hardware() + " vs candidate " + cand.hardware();
        return new Result(hw, rows);
    }

    private static Map<String, Map<String, String>> index(CsvTable t, boolean speed) {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        if (t == null) return m;
        for (Map<String, String> r : t.rows()) {
            if (!"ok".equals(r.get("status"))) continue;
            String key = speed
                    ? String.join(" ", r.get("benchmark"), r.get("model"), nz(r.get("detector")), "b" + nz(r.get("batch_size")),
                    r.get("device"), "t" + r.get("threads"))
                    : String.join(" ", r.get("model"), r.get("detector"), r.get("id_dataset") + "->" + r.get("ood_dataset"));
            m.put(key, r);
        }
        return m;
    }

    private static String nz(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private List<Row> speed(Map<String, Map<String, String>> b, Map<String, Map<String, String>> c) {
        List<Row> out = new ArrayList<>();
        for (String key : union(b, c)) {
            Map<String, String> rb = b.get(key);
            Map<String, String> rc = c.get(key);
            if (rb == null || rc == null) {
                out.add(missing("speed", key, rb == null ? "only in candidate" : "only in baseline"));
                continue;
            }
            double tb = CsvTable.num(rb.get("score"));
            double tc = CsvTable.num(rc.get("score"));
            double eb = relErr(rb.get("score_error"), tb);
            double ec = relErr(rc.get("score_error"), tc);
            double ratio = tc / tb;
            double rel = Math.sqrt(eb * eb + ec * ec);
            double lo = ratio * (1 - rel);
            double hi = ratio * (1 + rel);
            String verdict = lo > 1 + slower ? "regression" : hi < 1 / (1 + slower) ? "improvement" : "no change";
            out.add(new Row("speed", key, tb, tc, ratio, lo, hi, verdict, String.format(Locale.ROOT,
                    "%.3f -> %.3f %s (x%.2f, interval %.2f..%.2f)", tb, tc, rb.get("unit") == null ? "" : rb.get("unit"),
                    ratio, lo, hi)));
        }
        return out;
    }

    private List<Row> quality(Map<String, Map<String, String>> b, Map<String, Map<String, String>> c) {
        List<Row> out = new ArrayList<>();
        for (String key : union(b, c)) {
            Map<String, String> rb = b.get(key);
            Map<String, String> rc = c.get(key);
            if (rb == null || rc == null) {
                out.add(missing("quality", key, rb == null ? "only in candidate" : "only in baseline"));
                continue;
            }
            double ab = CsvTable.num(rb.get("auroc"));
            double ac = CsvTable.num(rc.get("auroc"));
            double noise = Math.max(halfWidth(rb, "auroc"), halfWidth(rc, "auroc"));
            double delta = ac - ab;
            String verdict = -delta > aurocDrop + noise ? "regression" : delta > aurocDrop + noise ? "improvement" : "no change";
            double fb = CsvTable.num(rb.get("fpr95"));
            double fc = CsvTable.num(rc.get("fpr95"));
            out.add(new Row("quality", key, ab, ac, delta, delta - noise, delta + noise, verdict, String.format(Locale.ROOT,
                    "AUROC %.4f -> %.4f (%+.4f, noise +-%.4f); FPR95 %.4f -> %.4f (%+.4f)", ab, ac, delta, noise, fb, fc, fc - fb)));
        }
        return out;
    }

    private static double halfWidth(Map<String, String> r, String metric) {
        double lo = CsvTable.num(r.get(metric + "_lo"));
        double hi = CsvTable.num(r.get(metric + "_hi"));
        return Double.isNaN(lo) || Double.isNaN(hi) ? 0 : (hi - lo) / 2;
    }

    /** Relative error of a JMH score; {@link #UNKNOWN_NOISE} when JMH gave none (a single iteration). */
    private static double relErr(String error, double score) {
        double e = CsvTable.num(error);
        return Double.isNaN(e) ? UNKNOWN_NOISE : e / score;
    }

    /** Relative noise assumed for a timing without an error estimate. */
    public static final double UNKNOWN_NOISE = 0.10;

    private static Row missing(String kind, String key, String where) {
        return new Row(kind, key, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, "missing", where);
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> keys = new ArrayList<>(a.keySet());
        for (String k : b.keySet()) if (!a.containsKey(k)) keys.add(k);
        return keys;
    }

    /** A Markdown summary for a pull request: verdict counts, then every non-"no change" row. */
    public static String markdown(RunData base, RunData cand, Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append("## oodbench: ").append(base.label()).append(" -> ").append(cand.label()).append("\n\n");
        if (!r.hardwareNote().isEmpty()) sb.append("> **").append(r.hardwareNote()).append("**\n\n");
        sb.append(String.format(Locale.ROOT, "%d rows compared: **%d regressions**, %d improvements, %d missing on one side.%n%n",
                r.rows().size(), r.regressions(), r.improvements(),
                r.rows().stream().filter(x -> x.verdict().equals("missing")).count()));
        sb.append("| verdict | kind | row | detail |\n| --- | --- | --- | --- |\n");
        for (Row x : r.rows()) {
            if (x.verdict().equals("no change")) continue;
            sb.append("| ").append(x.verdict()).append(" | ").append(x.kind()).append(" | ").append(x.key()).append(" | ")
                    .append(x.detail()).append(" |\n");
        }
        return sb.toString();
    }

    public static CsvTable table(Result r) {
        List<String> cols = List.of("kind", "key", "baseline", "candidate", "ratio_or_delta", "lo", "hi", "verdict", "detail");
        List<Map<String, String>> rows = new ArrayList<>();
        for (Row x : r.rows()) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("kind", x.kind());
            m.put("key", x.key());
            m.put("baseline", CsvTable.num(x.baseline()));
            m.put("candidate", CsvTable.num(x.candidate()));
            m.put("ratio_or_delta", CsvTable.num(x.ratioOrDelta()));
            m.put("lo", CsvTable.num(x.lo()));
            m.put("hi", CsvTable.num(x.hi()));
            m.put("verdict", x.verdict());
            m.put("detail", x.detail());
            rows.add(m);
        }
        return new CsvTable(cols, rows);
    }
}
