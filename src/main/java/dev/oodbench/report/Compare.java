package dev.oodbench.report;

import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Baseline against candidate, row by row, with a verdict per row that takes the measurement noise
 * into account.
 *
 * <p><b>Speed</b> rows are joined on (benchmark, model, detector, batch size, device, threads). The
 * change is the ratio of mean times per batch, candidate / baseline (above 1 = slower), with a
 * {@value #CONFIDENCE} Welch interval computed on the log of the ratio: each side's relative
 * standard error comes from its raw JMH iterations (jmh.json, every iteration of every fork taken as
 * one sample) or, without them, from JMH's 99.9% score error and the forks x iterations count;
 * without either, a relative standard error of {@value #UNKNOWN_NOISE} is assumed. Verdict:
 * <em>regression</em> when the interval's lower bound exceeds {@code 1 + slower}, <em>improvement</em>
 * when its upper bound is below {@code 1 / (1 + slower)}, else <em>no change</em>.
 *
 * <p><b>Quality</b> rows are joined on (model, detector, parameters, ID set, OOD set) by
 * {@link PairedQuality#join}. Where both runs kept per-sample scores on the same dataset fingerprints
 * they are judged sample by sample by {@link PairedQuality} (DeLong, paired bootstrap); rows on
 * different data are refused. Otherwise, as a labelled fallback: AUROC and FPR95 each get a
 * row. The change is the difference candidate - baseline; its interval adds the two bootstrap
 * intervals' half-widths in quadrature, side by side (e.g. the upper bound is
 * {@code delta + sqrt((c_hi - c)^2 + (b - b_lo)^2)}). A group-average row without intervals gets
 * them from its member rows (half-widths combined in quadrature, divided by their count).
 * AUROC: <em>regression</em> when the upper bound is below {@code -aurocDrop} (it dropped by more than
 * {@code aurocDrop} beyond the noise), <em>improvement</em> when the lower bound is above {@code aurocDrop}.
 * FPR95 (lower is better): regression when the lower bound is above {@code fpr95Rise}, improvement
 * when the upper bound is below {@code -fpr95Rise}.
 *
 * <p>Rows that ran on one side only are kept with the verdict <em>missing</em> (absent, skipped
 * or failed on the other side); a row that ran in the baseline and <em>failed</em> in the candidate
 * is a regression; rows that ran on neither side are <em>not run</em>. When host, CPU, cores or GPU
 * differ, {@link Result#hardwareNote()} says so.
 */
public final class Compare {
    /** Two-sided confidence level of the speed interval. */
    public static final double CONFIDENCE = 0.99;
    /** Relative standard error assumed for a timing with neither samples nor an error estimate. */
    public static final double UNKNOWN_NOISE = 0.10;
    /** JMH's score error is the half-width of a 99.9% Student-t interval. */
    static final double JMH_CONFIDENCE = 0.999;

    public static final double DEFAULT_SLOWER = SpeedVerdict.DEFAULT_SLOWER;
    public static final double DEFAULT_AUROC_DROP = 0.005;
    public static final double DEFAULT_FPR95_RISE = 0.02;

    public static final String REGRESSION = "regression";
    public static final String IMPROVEMENT = "improvement";
    public static final String NO_CHANGE = "no change";
    public static final String INCONCLUSIVE = "inconclusive";
    public static final String MISSING = "missing";
    public static final String NOT_RUN = "not run";
    /** An {@code ab} row whose interleaved timing could not run (an error on either side, e.g. a missing dataset). */
    public static final String FAILED = "failed";

    /**
     * One compared row. {@code kind}: speed or quality; {@code metric}: time (ms per batch), auroc or
     * fpr95, empty for missing rows; {@code key}: the join columns and their values; {@code change}:
     * the ratio (speed) or difference (quality) with its interval {@code [lo, hi]}.
     */
    public record Row(String kind, String metric, Map<String, String> key, double baseline, double candidate,
                      double change, double lo, double hi, String verdict, String detail, String method) {
        public Row {
            method = method == null ? "" : method;
        }

        /** A row that does not name its method. */
        public Row(String kind, String metric, Map<String, String> key, double baseline, double candidate, double change,
                   double lo, double hi, String verdict, String detail) {
            this(kind, metric, key, baseline, candidate, change, lo, hi, verdict, detail, "");
        }

        /** The key in one line: for speed "score model det b=256 cpu t=0", for quality "model det id -> ood". */
        public String keyText() {
            if (kind.equals("speed")) {
                return String.join(" ", key.get("benchmark"), key.get("model"), dash(key.get("detector")),
                        "b=" + dash(key.get("batch_size")), key.get("device"), "t=" + dash(key.get("threads")));
            }
            return String.join(" ", key.get("model"), key.get("detector"), key.get("id_dataset") + " -> " + key.get("ood_dataset"));
        }
    }

    /** The comparison: run labels, machine differences, and every row. */
    public record Result(String baseline, String candidate, List<String> hardwareDifferences,
                         List<String> softwareDifferences, List<Row> rows, double slower, double aurocDrop,
                         double fpr95Rise, String speedMethod) {
        /** "hardware differs: ..." when host, CPU, cores or GPU differ; empty otherwise. */
        public String hardwareNote() {
            return hardwareDifferences.isEmpty() ? "" : "hardware differs: " + String.join("; ", hardwareDifferences)
                    + " (speed ratios compare machines, not code)";
        }

        /** "software differs: ..." when the Java or TensorFlow versions differ; empty otherwise. */
        public String softwareNote() {
            return softwareDifferences.isEmpty() ? "" : "software differs: " + String.join("; ", softwareDifferences);
        }

        public long count(String verdict) {
            return rows.stream().filter(r -> r.verdict().equals(verdict)).count();
        }

        public long regressions() {
            return count(REGRESSION);
        }

        public long improvements() {
            return count(IMPROVEMENT);
        }

        public long missing() {
            return count(MISSING);
        }

        /** The one-line summary: counts per verdict. */
        public String summary() {
            return rows.size() + " rows: " + verdictCounts(false);
        }

        /** The count of every verdict, in one order for the summary line and the Markdown (regressions bold there). */
        String verdictCounts(boolean markdown) {
            String regressions = regressions() + " regressions";
            return String.format(Locale.ROOT, "%s, %d improvements, %d no change, %d inconclusive, %d missing on one side, "
                    + "%d not run", markdown ? "**" + regressions + "**" : regressions, improvements(), count(NO_CHANGE),
                    count(INCONCLUSIVE), missing(), count(NOT_RUN)) + (count(FAILED) > 0 ? ", " + count(FAILED) + " failed" : "")
                    + (count(PairedQuality.DATA_DIFFERS) > 0 ? ", " + count(PairedQuality.DATA_DIFFERS)
                    + " not compared (data differs)" : "");
        }
    }

    /**
     * How far apart two runs of the same code can be beyond what their own samples show, as a log-ratio
     * allowance added to each side of a speed interval between runs (machine state changes between
     * runs; samples inside one run cannot see it). Raw times: the committed same-commit runs of
     * 2026-11-23 differ by up to x1.85 (log 0.61) on this kind of shared machine. Calibration-normalised
     * times (time x the calibration kernel's rate measured beside them): see the README's measured section.
     */
    public static final double DEFAULT_RUN_NOISE_RAW = 0.6;
    public static final double DEFAULT_RUN_NOISE_NORMALISED = 0.1;

    private final double slower;
    private final double aurocDrop;
    private final double fpr95Rise;
    private double runNoiseRaw = DEFAULT_RUN_NOISE_RAW;
    private double runNoiseNormalised = DEFAULT_RUN_NOISE_NORMALISED;
    private double qualityConfidence = CONFIDENCE;

    public Compare(double slower, double aurocDrop) {
        this(slower, aurocDrop, DEFAULT_FPR95_RISE);
    }

    public Compare(double slower, double aurocDrop, double fpr95Rise) {
        if (!(slower >= 0) || !(aurocDrop >= 0) || !(fpr95Rise >= 0)) {
            throw new IllegalArgumentException("thresholds must be >= 0 (got slower " + slower + ", auroc drop "
                    + aurocDrop + ", fpr95 rise " + fpr95Rise + ")");
        }
        this.slower = slower;
        this.aurocDrop = aurocDrop;
        this.fpr95Rise = fpr95Rise;
    }

    /** This comparison with other between-run allowances (log ratios, each >= 0). */
    public Compare withRunNoise(double raw, double normalised) {
        if (!(raw >= 0) || !(normalised >= 0)) throw new IllegalArgumentException("run noise must be >= 0");
        runNoiseRaw = raw;
        runNoiseNormalised = normalised;
        return this;
    }

    /** This comparison with the quality intervals at another two-sided confidence level (paired and fallback). */
    public Compare withQualityConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        qualityConfidence = confidence;
        return this;
    }

    public Result compare(RunData base, RunData cand) {
        List<Row> rows = new ArrayList<>();
        rows.addAll(speed(base, cand));
        rows.addAll(quality(base, cand));
        List<String> hw = new ArrayList<>();
        diff(hw, "host", base.host(), cand.host());
        diff(hw, "cpu", base.cpu(), cand.cpu());
        if (base.cores() > 0 && cand.cores() > 0) diff(hw, "cores", "" + base.cores(), "" + cand.cores());
        diff(hw, "gpu", base.gpu(), cand.gpu());
        List<String> sw = new ArrayList<>();
        if (base.info() != null && cand.info() != null) {
            diff(sw, "java", base.info().javaVersion(), cand.info().javaVersion());
            diff(sw, "tensorflow", base.info().tfVersion(), cand.info().tfVersion());
        }
        return new Result(base.label(), cand.label(), hw, sw, rows, slower, aurocDrop, fpr95Rise,
                String.format(Locale.ROOT, "%.0f%% Welch interval of the time ratio, calibration-normalised where both "
                        + "rows carry a calibration rate, widened by the between-run noise (log %.2f normalised, %.2f raw)",
                        100 * CONFIDENCE, runNoiseNormalised, runNoiseRaw));
    }

    private static void diff(List<String> out, String what, String a, String b) {
        if (a.isEmpty() || b.isEmpty() || a.equals(b)) return;
        out.add(what + " " + a + " vs " + b);
    }

    // ---------------------------------------------------------------- speed

    private List<Row> speed(RunData base, RunData cand) {
        Map<PerformanceRow.Key, PerformanceRow> b = index(base.performance(), PerformanceRow::key);
        Map<PerformanceRow.Key, PerformanceRow> c = index(cand.performance(), PerformanceRow::key);
        List<Row> out = new ArrayList<>();
        for (PerformanceRow.Key k : union(b.keySet(), c.keySet())) {
            PerformanceRow rb = b.get(k);
            PerformanceRow rc = c.get(k);
            Map<String, String> key = speedKey(k);
            boolean okB = rb != null && rb.ok();
            boolean okC = rc != null && rc.ok();
            if (okB && okC) {
                out.add(speedRow(key, rb, rc, base.samples().get(k), cand.samples().get(k)));
            } else if (okB && rc != null && rc.status().equals(PerformanceRow.FAILED)) {
                out.add(new Row("speed", "time", key, rb.secondsPerOp() * 1e3, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        REGRESSION, "failed in candidate" + note(rc.note())));
            } else if (okB || okC) {
                PerformanceRow other = okB ? rc : rb;
                String side = okB ? "candidate" : "baseline";
                String detail = other == null ? "only in " + (okB ? "baseline" : "candidate")
                        : other.status() + " in " + side + note(other.note());
                out.add(new Row("speed", "", key, okB ? rb.secondsPerOp() * 1e3 : Double.NaN,
                        okC ? rc.secondsPerOp() * 1e3 : Double.NaN, Double.NaN, Double.NaN, Double.NaN, MISSING, detail));
            } else {
                out.add(new Row("speed", "", key, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, NOT_RUN,
                        "baseline " + (rb == null ? "absent" : rb.status()) + ", candidate " + (rc == null ? "absent" : rc.status())));
            }
        }
        return out;
    }

    static String dash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String note(String n) {
        return n == null || n.isEmpty() ? "" : ": " + n;
    }

    private static Map<String, String> speedKey(PerformanceRow.Key k) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("benchmark", k.benchmark());
        m.put("model", k.model());
        m.put("detector", k.detector());
        m.put("batch_size", k.batchSize());
        m.put("device", k.device());
        m.put("threads", k.threads());
        return m;
    }

    /** Mean time per op (seconds), its relative variance (variance of the log of the mean) and its degrees of freedom. */
    record Timing(double mean, double relVar, double df, String source) {}

    static Timing timing(PerformanceRow r, double[] raw) {
        if (raw != null && raw.length >= 2) {
            double[] s = new double[raw.length];
            for (int i = 0; i < s.length; i++) s[i] = PerformanceRow.secondsPerOp(raw[i], r.unit());
            double mean = 0;
            for (double v : s) mean += v;
            mean /= s.length;
            double ss = 0;
            for (double v : s) ss += (v - mean) * (v - mean);
            double var = ss / (s.length - 1);
            if (mean > 0 && !Double.isNaN(mean)) {
                return new Timing(mean, var / s.length / (mean * mean), s.length - 1, s.length + " samples");
            }
        }
        double mean = r.secondsPerOp();
        double err = r.secondsPerOpError();
        int n = r.forks() != null && r.iterations() != null ? Math.max(1, r.forks()) * r.iterations() : 0;
        if (!Double.isNaN(err) && err >= 0 && n >= 2) {
            double t = new TDistribution(n - 1).inverseCumulativeProbability(1 - (1 - JMH_CONFIDENCE) / 2);
            double se = err / t;
            return new Timing(mean, se * se / (mean * mean), n - 1, "JMH error, n=" + n);
        }
        if (!Double.isNaN(err) && err >= 0 && n == 0) { // error known, sample count not: a normal quantile
            double se = err / 3.2905;
            return new Timing(mean, se * se / (mean * mean), Double.POSITIVE_INFINITY, "JMH error");
        }
        return new Timing(mean, UNKNOWN_NOISE * UNKNOWN_NOISE, Double.POSITIVE_INFINITY, "noise assumed");
    }

    /** The ratio cand/base and its {@link #CONFIDENCE} interval (Welch, on the log scale). */
    static double[] ratioInterval(Timing b, Timing c) {
        double ratio = c.mean() / b.mean();
        double v = b.relVar() + c.relVar();
        if (!(v > 0)) return new double[] {ratio, ratio, ratio};
        double denom = (b.relVar() * b.relVar()) / b.df() + (c.relVar() * c.relVar()) / c.df();
        double df = denom > 0 ? v * v / denom : Double.POSITIVE_INFINITY;
        double q = 1 - (1 - CONFIDENCE) / 2;
        double t = Double.isInfinite(df) || df > 1e6 ? new NormalDistribution()
                .inverseCumulativeProbability(q) : new TDistribution(Math.max(1, df)).inverseCumulativeProbability(q);
        double w = t * Math.sqrt(v);
        return new double[] {ratio, ratio * Math.exp(-w), ratio * Math.exp(w)};
    }

    private Row speedRow(Map<String, String> key, PerformanceRow rb, PerformanceRow rc, double[] sb, double[] sc) {
        Timing tb = timing(rb, sb);
        Timing tc = timing(rc, sc);
        double[] raw = ratioInterval(tb, tc);
        boolean normalised = rb.calibrationGflops() > 0 && rc.calibrationGflops() > 0;
        double scale = normalised ? rc.calibrationGflops() / rb.calibrationGflops() : 1;
        double allowance = normalised ? runNoiseNormalised : runNoiseRaw;
        double ratio = raw[0] * scale;
        double lo = raw[1] * scale * Math.exp(-allowance);
        double hi = raw[2] * scale * Math.exp(allowance);
        String verdict = SpeedVerdict.of(lo, hi, slower).label();
        String basis = normalised ? String.format(Locale.ROOT, "normalised by calibration %.1f -> %.1f GFLOP/s (raw x%.3f)",
                rb.calibrationGflops(), rc.calibrationGflops(), raw[0]) : "raw times: no calibration on both sides";
        String detail = String.format(Locale.ROOT, "%s -> %s ms per batch (x%.3f, %.0f%% interval %.3f..%.3f with between-run "
                        + "noise %.2f; %s; noise from %s / %s)", ms(tb.mean()), ms(tc.mean()), ratio, 100 * CONFIDENCE, lo, hi,
                allowance, basis, tb.source(), tc.source());
        return new Row("speed", "time", key, tb.mean() * 1e3, tc.mean() * 1e3, ratio, lo, hi, verdict, detail);
    }

    /** Seconds as milliseconds with 4 significant-ish digits (the tables' time format). */
    public static String ms(double seconds) {
        double v = seconds * 1e3;
        return String.format(Locale.ROOT, v >= 100 ? "%.1f" : v >= 1 ? "%.3f" : "%.4f", v);
    }

    // ---------------------------------------------------------------- quality

    private List<Row> quality(RunData base, RunData cand) {
        Bounds bb = new Bounds(base.accuracy());
        Bounds bc = new Bounds(cand.accuracy());
        // rows joined by detector and parameters; paired on the same images where both runs kept scores
        PairedQuality paired = new PairedQuality(aurocDrop, fpr95Rise, qualityConfidence, PairedQuality.DEFAULT_RESAMPLES);
        List<Row> out = new ArrayList<>();
        for (PairedQuality.Pair pair : PairedQuality.join(base.accuracy(), cand.accuracy())) {
            AccuracyRow rb = pair.base();
            AccuracyRow rc = pair.cand();
            AccuracyRow any = rb != null ? rb : rc;
            Map<String, String> km = new LinkedHashMap<>();
            km.put("model", any.model());
            km.put("detector", any.detector());
            km.put("detector_params", rc != null ? rc.detectorParams() : rb.detectorParams());
            km.put("id_dataset", any.idDataset());
            km.put("ood_dataset", any.oodDataset());
            boolean okB = rb != null && rb.ok();
            boolean okC = rc != null && rc.ok();
            if (okB && okC) {
                PairedQuality.Outcome p = paired.judge(base, rb, cand, rc, km, pair.paramsNote());
                if (p.paired()) {
                    out.addAll(p.rows());
                    continue;
                }
                String why = p.fallback() + (pair.paramsNote().isEmpty() ? "" : "; " + pair.paramsNote());
                out.add(metricRow(km, "auroc", rb.auroc(), bb.lower(rb, true), bb.upper(rb, true), rc.auroc(),
                        bc.lower(rc, true), bc.upper(rc, true), false, aurocDrop, why));
                out.add(metricRow(km, "fpr95", rb.fpr95(), bb.lower(rb, false), bb.upper(rb, false), rc.fpr95(),
                        bc.lower(rc, false), bc.upper(rc, false), true, fpr95Rise, why));
            } else if (okB || okC) {
                AccuracyRow other = okB ? rc : rb;
                String detail = other == null ? "only in " + (okB ? "baseline" : "candidate")
                        : other.status() + " in " + (okB ? "candidate" : "baseline") + note(other.note());
                out.add(new Row("quality", "", km, okB ? rb.auroc() : Double.NaN, okC ? rc.auroc() : Double.NaN, Double.NaN,
                        Double.NaN, Double.NaN, MISSING, detail));
            } else {
                out.add(new Row("quality", "", km, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, NOT_RUN,
                        "baseline " + (rb == null ? "absent" : rb.status()) + ", candidate " + (rc == null ? "absent" : rc.status())));
            }
        }
        return out;
    }

    /**
     * One metric's delta and interval. {@code bLo}/{@code bHi} are the distances from the value down to
     * its lower bound and up to its upper bound (NaN: no interval). {@code lowerIsBetter}: FPR95.
     */
    private Row metricRow(Map<String, String> key, String metric, double b, double bLo, double bHi, double c, double cLo,
                          double cHi, boolean lowerIsBetter, double threshold, String whyUnpaired) {
        double delta = c - b;
        boolean haveIntervals = !Double.isNaN(bLo) && !Double.isNaN(cLo);
        double lo = delta - Math.hypot(z(cLo), z(bHi));
        double hi = delta + Math.hypot(z(cHi), z(bLo));
        String verdict;
        if (Double.isNaN(delta)) {
            verdict = NO_CHANGE;
        } else if (!lowerIsBetter) {
            verdict = hi < -threshold ? REGRESSION : lo > threshold ? IMPROVEMENT : NO_CHANGE;
        } else {
            verdict = lo > threshold ? REGRESSION : hi < -threshold ? IMPROVEMENT : NO_CHANGE;
        }
        String name = metric.equals("auroc") ? "AUROC" : "FPR95";
        String detail = String.format(Locale.ROOT, "%s %.4f -> %.4f (%+.4f, interval %+.4f..%+.4f%s; unpaired: %s)", name, b, c,
                delta, lo, hi, haveIntervals ? "" : "; no bootstrap interval on one side", whyUnpaired);
        return new Row("quality", metric, key, b, c, delta, lo, hi, verdict, detail, PairedQuality.UNPAIRED);
    }

    private static double z(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** Distances from a metric to its bootstrap bounds; group averages borrow their members' intervals. */
    private static final class Bounds {
        private final Map<List<String>, List<AccuracyRow>> members = new HashMap<>();

        Bounds(List<AccuracyRow> rows) {
            for (AccuracyRow r : rows) {
                if (r.ok() && !r.isAverage()) {
                    members.computeIfAbsent(List.of(r.model(), r.detector(), r.idDataset(), r.oodGroup()), x -> new ArrayList<>()).add(r);
                }
            }
        }

        double lower(AccuracyRow r, boolean auroc) {
            return side(r, auroc, true);
        }

        double upper(AccuracyRow r, boolean auroc) {
            return side(r, auroc, false);
        }

        private double side(AccuracyRow r, boolean auroc, boolean lower) {
            double d = dist(r, auroc, lower);
            if (!Double.isNaN(d) || !r.isAverage()) return d;
            List<AccuracyRow> m = members.get(List.of(r.model(), r.detector(), r.idDataset(), r.oodGroup()));
            if (m == null || m.isEmpty()) return Double.NaN;
            double ss = 0;
            for (AccuracyRow x : m) {
                double dx = dist(x, auroc, lower);
                if (Double.isNaN(dx)) return Double.NaN;
                ss += dx * dx;
            }
            return Math.sqrt(ss) / m.size();
        }

        private static double dist(AccuracyRow r, boolean auroc, boolean lower) {
            double v = auroc ? r.auroc() : r.fpr95();
            double bound = auroc ? (lower ? r.aurocLo() : r.aurocHi()) : (lower ? r.fpr95Lo() : r.fpr95Hi());
            return Math.max(0, lower ? v - bound : bound - v);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static <K, R> Map<K, R> index(List<R> rows, Function<R, K> key) {
        Map<K, R> m = new LinkedHashMap<>();
        for (R r : rows) {
            K k = key.apply(r);
            R prev = m.get(k);
            // a duplicate key keeps the row that ran
            if (prev == null || !isOk(prev) && isOk(r)) m.put(k, r);
        }
        return m;
    }

    private static boolean isOk(Object r) {
        return r instanceof PerformanceRow p ? p.ok() : r instanceof AccuracyRow a && a.ok();
    }

    private static <K> List<K> union(Set<K> a, Set<K> b) {
        Set<K> keys = new LinkedHashSet<>(a);
        keys.addAll(b);
        return new ArrayList<>(keys);
    }

    private static int rank(String verdict) {
        return switch (verdict) {
            case REGRESSION, FAILED -> 0;
            case IMPROVEMENT -> 1;
            case INCONCLUSIVE -> 2;
            case MISSING -> 3;
            case NO_CHANGE -> 4;
            default -> 5;
        };
    }

    // ---------------------------------------------------------------- output

    /** A console table: the header notes, then regressions, improvements and missing rows (every row with {@code all}), then the counts. */
    public static String console(Result r, boolean all) {
        StringBuilder sb = new StringBuilder();
        sb.append("baseline  ").append(r.baseline()).append('\n').append("candidate ").append(r.candidate()).append('\n');
        if (!r.hardwareNote().isEmpty()) sb.append(r.hardwareNote()).append('\n');
        if (!r.softwareNote().isEmpty()) sb.append(r.softwareNote()).append('\n');
        List<Row> shown = r.rows().stream().filter(x -> all || !(x.verdict().equals(NO_CHANGE) || x.verdict().equals(NOT_RUN)))
                .sorted(Comparator.comparingInt(x -> rank(x.verdict()))).toList();
        if (!shown.isEmpty()) {
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] {"verdict", "metric", "row", "baseline", "candidate", "change", "interval", "note"});
            for (Row x : shown) cells.add(cells(x));
            int[] w = new int[8];
            for (String[] c : cells) for (int i = 0; i < c.length; i++) w[i] = Math.max(w[i], Math.min(c[i].length(), i == 2 ? 70 : 200));
            for (String[] c : cells) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < c.length; i++) {
                    String v = i == 2 && c[i].length() > 70 ? c[i].substring(0, 69) + "~" : c[i];
                    line.append(i == c.length - 1 ? v : String.format("%-" + w[i] + "s  ", v));
                }
                sb.append(line.toString().stripTrailing()).append('\n');
            }
        } else if (!r.rows().isEmpty()) {
            sb.append("every compared row: no change beyond the noise\n");
        }
        sb.append(r.summary()).append(String.format(Locale.ROOT,
                " (thresholds: slower %.0f%%, AUROC drop %.3f, FPR95 rise %.3f, beyond the noise)%n", 100 * r.slower(),
                r.aurocDrop(), r.fpr95Rise()));
        return sb.toString();
    }

    private static String[] cells(Row x) {
        String metric = x.metric().isEmpty() ? x.kind() : x.metric().equals("time") ? "ms/batch" : x.metric();
        if (x.verdict().equals(MISSING) || x.verdict().equals(NOT_RUN) || Double.isNaN(x.change())) {
            return new String[] {x.verdict(), metric, x.keyText(), fmt(x, x.baseline()), fmt(x, x.candidate()), "", "", x.detail()};
        }
        boolean speed = x.kind().equals("speed");
        String change = speed ? String.format(Locale.ROOT, "x%.3f", x.change()) : String.format(Locale.ROOT, "%+.4f", x.change());
        String interval = speed ? String.format(Locale.ROOT, "%.3f..%.3f", x.lo(), x.hi())
                : String.format(Locale.ROOT, "%+.4f..%+.4f", x.lo(), x.hi());
        String note = (x.method().isEmpty() ? "" : x.method())
                + (x.detail().contains("no bootstrap interval") ? (x.method().isEmpty() ? "" : "; ") + "no interval on one side" : "");
        return new String[] {x.verdict(), metric, x.keyText(), fmt(x, x.baseline()), fmt(x, x.candidate()), change, interval, note};
    }

    private static String fmt(Row x, double v) {
        if (Double.isNaN(v)) return "-";
        return x.kind().equals("speed") ? ms(v / 1e3) : String.format(Locale.ROOT, "%.4f", v);
    }

    /** A Markdown summary for a pull request: notes, counts, the rows that changed, then every row folded. */
    public static String markdown(Result r) {
        return markdown(r, "compare");
    }

    /** {@link #markdown(Result)} titled for {@code command} ({@code compare} or {@code ab}). */
    public static String markdown(Result r, String command) {
        StringBuilder sb = new StringBuilder();
        long failed = r.count(FAILED);
        String status = r.regressions() > 0 ? ":x: " + r.regressions() + " regression" + (r.regressions() == 1 ? "" : "s")
                : failed > 0 ? ":x: " + failed + " row" + (failed == 1 ? "" : "s") + " failed to run"
                : ":white_check_mark: no regression";
        sb.append("## oodbench ").append(command).append(": ").append(status).append("\n\n");
        sb.append("Baseline `").append(r.baseline()).append("`, candidate `").append(r.candidate()).append("`.\n\n");
        if (!r.hardwareNote().isEmpty()) sb.append("> **").append(md(r.hardwareNote())).append("**\n\n");
        if (!r.softwareNote().isEmpty()) sb.append("> ").append(md(r.softwareNote())).append("\n\n");
        sb.append(String.format(Locale.ROOT, "%d rows compared: %s. Thresholds: slower by %.0f%%, AUROC drop %.3f, "
                        + "FPR95 rise %.3f, each beyond the noise (speed: %s; quality: bootstrap intervals).%n%n",
                r.rows().size(), r.verdictCounts(true), 100 * r.slower(), r.aurocDrop(), r.fpr95Rise(), md(r.speedMethod())));
        List<Row> changed = r.rows().stream().filter(x -> !x.verdict().equals(NO_CHANGE) && !x.verdict().equals(NOT_RUN))
                .sorted(Comparator.comparingInt(x -> rank(x.verdict()))).toList();
        if (!changed.isEmpty()) {
            table(sb, changed);
            sb.append('\n');
        }
        sb.append("<details><summary>All ").append(r.rows().size()).append(" rows</summary>\n\n");
        table(sb, r.rows());
        sb.append("\n</details>\n");
        return sb.toString();
    }

    private static void table(StringBuilder sb, List<Row> rows) {
        sb.append("| verdict | metric | row | baseline | candidate | change | interval | note |\n");
        sb.append("| --- | --- | --- | ---: | ---: | ---: | --- | --- |\n");
        for (Row x : rows) {
            String[] c = cells(x);
            if (c[0].equals(REGRESSION)) c[0] = "**regression**";
            sb.append("| ");
            for (int i = 0; i < c.length; i++) sb.append(md(c[i])).append(i == c.length - 1 ? " |\n" : " | ");
        }
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    /** Kept for existing callers: the Markdown summary (the runs are named in the result). */
    public static String markdown(RunData base, RunData cand, Result r) {
        return markdown(r);
    }

    /** Columns of the comparison CSV. */
    public static final List<String> CSV_COLUMNS = List.of("kind", "metric", "benchmark", "model", "detector", "batch_size",
            "device", "threads", "detector_params", "id_dataset", "ood_dataset", "unit", "baseline", "candidate", "change",
            "change_lo", "change_hi", "verdict", "method", "detail", "baseline_run", "candidate_run");

    /** The comparison as a table (write it with {@link CsvTable#write}, atomically). */
    public static CsvTable table(Result r) {
        List<Map<String, String>> rows = new ArrayList<>();
        for (Row x : r.rows()) {
            Map<String, String> m = new LinkedHashMap<>(x.key());
            m.put("kind", x.kind());
            m.put("metric", x.metric());
            m.put("unit", x.kind().equals("speed") ? "ms/op" : "fraction");
            m.put("baseline", CsvTable.num(x.baseline()));
            m.put("candidate", CsvTable.num(x.candidate()));
            m.put("change", CsvTable.num(x.change()));
            m.put("change_lo", CsvTable.num(x.lo()));
            m.put("change_hi", CsvTable.num(x.hi()));
            m.put("verdict", x.verdict());
            m.put("method", x.method());
            m.put("detail", x.detail());
            m.put("baseline_run", r.baseline());
            m.put("candidate_run", r.candidate());
            rows.add(m);
        }
        return new CsvTable(CSV_COLUMNS, rows);
    }
}
