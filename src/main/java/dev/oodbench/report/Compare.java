package dev.oodbench.report;

import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * and the number of rows into account.
 *
 * <p><b>Speed</b> rows are joined on (benchmark, model, detector, batch size, device, threads). The
 * change is the ratio of mean times per batch, candidate / baseline (above 1 = slower), on the raw
 * times. Its interval is a Welch interval on the log of the ratio (each side's relative standard
 * error from its raw JMH iterations, or from JMH's 99.9% score error and its forks x iterations count,
 * or {@value #UNKNOWN_NOISE} assumed) widened on each side by the between-run allowance
 * ({@link #withRunNoise}): how far apart two runs of the same code have been on the same machine, which
 * the samples inside one run cannot show. The calibration-normalised ratio (times x the 512^3 matmul
 * rate measured beside them) is shown beside it but does not enter the verdict: on same-code runs
 * it spread more than the raw times (docs/between-run-verdicts.md). A row that got faster can never
 * be a regression, and a row timed under {@value #MIN_TIMED_SECONDS} s per operation on either side
 * gets no verdict (below what the timing resolves).
 *
 * <p><b>Quality</b> rows ({@link #quality}) are joined on (model, detector, parameters, ID set, OOD
 * set) by {@link PairedQuality#join}. Where both runs kept per-sample scores on the same dataset
 * fingerprints they are judged sample by sample by {@link PairedQuality} (DeLong for AUROC, a paired
 * bootstrap for FPR95 and AUPR); rows on different data are <em>not comparable</em>. Otherwise, as a
 * labelled fallback, AUROC and FPR95 each get a row whose interval combines the two runs' bootstrap
 * intervals (each read as a normal interval at 95%) in quadrature. Either way the interval is carried
 * to the row's confidence level; a group-average row without intervals gets them from its member rows.
 *
 * <p><b>Verdicts</b> are read off each row's interval at the confidence level {@link RunWideCorrection}
 * (Holm) gives it, so that across all rows of the comparison the chance of any false regression or
 * improvement is at most {@code 1 - familyConfidence} (default 5%). Speed: regression when the
 * interval's lower bound exceeds {@code 1 + slower}, improvement when its upper bound is below
 * {@code 1 / (1 + slower)}, no change when it lies within both, else inconclusive. AUROC: regression when
 * the upper bound is below {@code -aurocDrop}, improvement when the lower bound is above it. FPR95
 * (lower is better): regression when the lower bound is above {@code fpr95Rise}, improvement when the
 * upper bound is below {@code -fpr95Rise}.
 *
 * <p>Rows that ran on one side only are kept as <em>missing</em>; a row that ran in the baseline and
 * <em>failed</em> in the candidate is a regression; rows that ran on neither side are <em>not run</em>.
 */
public final class Compare {
    /** Relative standard error assumed for a timing with neither samples nor an error estimate. */
    public static final double UNKNOWN_NOISE = 0.10;
    /** JMH's score error is the half-width of a 99.9% Student-t interval. */
    static final double JMH_CONFIDENCE = 0.999;
    /** The stored bootstrap intervals of AUROC and FPR95 are 95% intervals. */
    static final double BOOTSTRAP_CONFIDENCE = 0.95;
    /** Below this time per operation on either side a speed row gets no verdict. */
    public static final double MIN_TIMED_SECONDS = 1e-6;

    public static final double DEFAULT_SLOWER = SpeedVerdict.DEFAULT_SLOWER;
    public static final double DEFAULT_AUROC_DROP = 0.005;
    public static final double DEFAULT_FPR95_RISE = 0.02;
    public static final double DEFAULT_FAMILY_CONFIDENCE = RunWideCorrection.DEFAULT_FAMILY_CONFIDENCE;

    /**
     * The between-run allowance on raw times (log ratio) used when the history holds too few same-code
     * runs to estimate one: the largest same-code difference measured on this kind of shared 2-core
     * machine (docs/between-run-verdicts.md), x1.85 between two runs of one commit on 2026-11-23.
     */
    public static final double DEFAULT_RUN_NOISE = 0.62;

    public static final String REGRESSION = "regression";
    public static final String IMPROVEMENT = "improvement";
    public static final String NO_CHANGE = "no change";
    public static final String INCONCLUSIVE = "inconclusive";
    public static final String NOT_COMPARABLE = "not comparable";
    public static final String MISSING = "missing";
    public static final String NOT_RUN = "not run";
    /** An {@code ab} row whose interleaved timing could not run (an error on either side, e.g. a missing dataset). */
    public static final String FAILED = "failed";

    /** The order in which verdict groups are shown. */
    static final List<String> ORDER = List.of(REGRESSION, FAILED, IMPROVEMENT, INCONCLUSIVE, NOT_COMPARABLE, NO_CHANGE,
            MISSING, NOT_RUN);

    /**
     * One compared row. {@code kind}: speed or quality; {@code metric}: time (ms per batch), auroc or
     * fpr95, empty for missing rows; {@code key}: the join columns and their values; {@code change}:
     * the ratio (speed) or difference (quality) with its interval {@code [lo, hi]} at {@code confidence};
     * {@code normalised}: the calibration-normalised speed ratio, shown only (NaN without calibration).
     */
    public record Row(String kind, String metric, Map<String, String> key, double baseline, double candidate,
                      double change, double lo, double hi, String verdict, String detail, double normalised,
                      double confidence, String method) {
        public Row {
            method = method == null ? "" : method;
        }

        /** A row that does not name its method. */
        public Row(String kind, String metric, Map<String, String> key, double baseline, double candidate, double change,
                   double lo, double hi, String verdict, String detail) {
            this(kind, metric, key, baseline, candidate, change, lo, hi, verdict, detail, Double.NaN, Double.NaN, "");
        }

        /** A row with its interval at {@code confidence}. */
        public Row(String kind, String metric, Map<String, String> key, double baseline, double candidate, double change,
                   double lo, double hi, String verdict, String detail, double normalised, double confidence) {
            this(kind, metric, key, baseline, candidate, change, lo, hi, verdict, detail, normalised, confidence, "");
        }

        /** A quality row made by {@code method} (DeLong paired, paired bootstrap, the unpaired fallback). */
        public Row(String kind, String metric, Map<String, String> key, double baseline, double candidate, double change,
                   double lo, double hi, String verdict, String detail, String method) {
            this(kind, metric, key, baseline, candidate, change, lo, hi, verdict, detail, Double.NaN, Double.NaN, method);
        }

        /** The key in one line: for speed "score model det b=256 cpu t=0", for quality "model det id -> ood". */
        public String keyText() {
            if (kind.equals("speed")) {
                return String.join(" ", key.get("benchmark"), key.get("model"), dash(key.get("detector")),
                        "b=" + dash(key.get("batch_size")), key.get("device"), "t=" + dash(key.get("threads")));
            }
            // the parameters last: a narrow column cuts them, never the data sets
            String params = key.getOrDefault("detector_params", "");
            return String.join(" ", key.get("model"), key.get("detector"), key.get("id_dataset") + " -> "
                    + key.get("ood_dataset")) + (params.isEmpty() ? "" : " [" + params + "]");
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
            String regressions = regressions() + " regression" + (regressions() == 1 ? "" : "s");
            String s = String.format(Locale.ROOT, "%s, %d improvements, %d inconclusive, %d no change",
                    markdown ? "**" + regressions + "**" : regressions, improvements(), count(INCONCLUSIVE), count(NO_CHANGE));
            if (count(NOT_COMPARABLE) > 0) s += ", " + count(NOT_COMPARABLE) + " not comparable";
            if (count(FAILED) > 0) s += ", " + count(FAILED) + " failed";
            return s + String.format(Locale.ROOT, "; %d missing on one side, %d not run", missing(), count(NOT_RUN));
        }
    }

    private final double slower;
    private final double aurocDrop;
    private final double fpr95Rise;
    private double runNoise = DEFAULT_RUN_NOISE;
    private String runNoiseSource = "default";
    private double familyConfidence = DEFAULT_FAMILY_CONFIDENCE;

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

    /** This comparison with another between-run allowance on raw speed ratios (a log ratio, >= 0). */
    public Compare withRunNoise(double logRatio) {
        return withRunNoise(logRatio, "given");
    }

    /** {@link #withRunNoise(double)}, saying where the allowance came from (shown with the method). */
    public Compare withRunNoise(double logRatio, String source) {
        if (!(logRatio >= 0) || Double.isInfinite(logRatio)) throw new IllegalArgumentException("run noise must be >= 0: " + logRatio);
        runNoise = logRatio;
        runNoiseSource = source;
        return this;
    }

    /** This comparison with another family-wise confidence (the chance of no false verdict over all rows). */
    public Compare withFamilyConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0,1): " + confidence);
        familyConfidence = confidence;
        return this;
    }

    /** A row before its confidence level is known: its interval at any level and how to read a verdict off it. */
    interface Pending {
        Row at(double confidence);

        RunWideCorrection.Test test();
    }

    public Result compare(RunData base, RunData cand) {
        checkRows(base);
        checkRows(cand);
        List<Object> slots = new ArrayList<>(); // a Row, or a Pending row awaiting its level
        slots.addAll(speed(base, cand));
        slots.addAll(quality(base, cand));
        List<RunWideCorrection.Test> tests = new ArrayList<>();
        for (Object o : slots) if (o instanceof Pending p) tests.add(p.test());
        double[] levels = RunWideCorrection.levels(tests, familyConfidence);
        List<Row> rows = new ArrayList<>(slots.size());
        int k = 0;
        for (Object o : slots) rows.add(o instanceof Pending p ? p.at(levels[k++]) : (Row) o);
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
        return new Result(base.label(), cand.label(), hw, sw, rows, slower, aurocDrop, fpr95Rise, method(tests.size()));
    }

    private String method(int tested) {
        return String.format(Locale.ROOT, "raw time ratios, Welch interval widened by a between-run allowance of x%.2f "
                        + "(%s); calibration-normalised ratios shown, not judged; Holm over %d rows, at most a %.0f%% chance "
                        + "of any false verdict", Math.exp(runNoise), runNoiseSource, tested, 100 * (1 - familyConfidence));
    }

    private static void diff(List<String> out, String what, String a, String b) {
        if (a.isEmpty() || b.isEmpty() || a.equals(b)) return;
        out.add(what + " " + a + " vs " + b);
    }

    // ---------------------------------------------------------------- input checks

    /** Refuses rows a comparison would silently get wrong: one row twice, a calibration rate that is not a rate. */
    static void checkRows(RunData run) {
        String perfFile = file(run, PerformanceCsv.FILE_NAME);
        Set<PerformanceRow.Key> seen = new java.util.HashSet<>();
        for (PerformanceRow r : run.performance()) {
            if (r.ok() && !seen.add(r.key())) {
                throw new IllegalArgumentException(perfFile + ": the row " + r.key() + " appears twice; a results file "
                        + "holds each row once (was it concatenated?)");
            }
            double g = r.calibrationGflops();
            if (!Double.isNaN(g) && !(g > 0 && Double.isFinite(g))) {
                throw new IllegalArgumentException(perfFile + ": the row " + r.key() + " has calibration_gflops " + g
                        + "; a rate is above zero, or empty when not measured");
            }
        }
        String accFile = file(run, AccuracyCsv.FILE_NAME);
        Set<List<String>> keys = new java.util.HashSet<>();
        for (AccuracyRow a : run.accuracy()) {
            if (a.ok() && !keys.add(qualityKey(a))) {
                throw new IllegalArgumentException(accFile + ": the row " + String.join(" ", qualityKey(a))
                        + " appears twice; a results file holds each row once (was it concatenated?)");
            }
        }
    }

    private static String file(RunData run, String name) {
        return Files.isDirectory(run.source()) ? run.source().resolve(name).toString() : run.source().toString();
    }

    private static List<String> qualityKey(AccuracyRow a) {
        return List.of(a.model(), a.detector() + (a.detectorParams().isEmpty() ? "" : ":" + a.detectorParams()),
                a.idDataset(), a.oodDataset());
    }

    // ---------------------------------------------------------------- speed

    private List<Object> speed(RunData base, RunData cand) {
        Map<PerformanceRow.Key, PerformanceRow> b = index(base.performance(), PerformanceRow::key);
        Map<PerformanceRow.Key, PerformanceRow> c = index(cand.performance(), PerformanceRow::key);
        List<Object> out = new ArrayList<>();
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

    static Map<String, String> speedKey(PerformanceRow.Key k) {
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
    record Timing(double mean, double relVar, double df, String source) {
        /** The mean's interval at {@code confidence}, on the log scale (so never below zero). */
        double[] interval(double confidence) {
            double w = quantile(df, confidence) * Math.sqrt(relVar);
            return new double[] {mean * Math.exp(-w), mean * Math.exp(w)};
        }
    }

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

    /** The two-sided {@code confidence} quantile of Student's t with {@code df} degrees of freedom (normal when df is huge). */
    static double quantile(double df, double confidence) {
        double q = 1 - (1 - confidence) / 2;
        return Double.isInfinite(df) || df > 1e6 ? new NormalDistribution().inverseCumulativeProbability(q)
                : new TDistribution(Math.max(1, df)).inverseCumulativeProbability(q);
    }

    /** The Welch degrees of freedom of the log ratio of two timings. */
    static double welchDf(Timing b, Timing c) {
        double v = b.relVar() + c.relVar();
        double denom = (b.relVar() * b.relVar()) / b.df() + (c.relVar() * c.relVar()) / c.df();
        return denom > 0 ? v * v / denom : Double.POSITIVE_INFINITY;
    }

    /**
     * The ratio cand/base and its 99% Welch interval on the log scale, from the two
     * timings' own noise only (no between-run allowance): {ratio, lo, hi}. Reports use it for ratios
     * of rows measured side by side in one run.
     */
    static double[] ratioInterval(Timing b, Timing c) {
        double ratio = c.mean() / b.mean();
        double se = Math.sqrt(b.relVar() + c.relVar());
        if (!(se > 0)) return new double[] {ratio, ratio, ratio};
        double w = quantile(welchDf(b, c), 0.99) * se;
        return new double[] {ratio, ratio * Math.exp(-w), ratio * Math.exp(w)};
    }

    private Object speedRow(Map<String, String> key, PerformanceRow rb, PerformanceRow rc, double[] sb, double[] sc) {
        Timing tb = timing(rb, sb);
        Timing tc = timing(rc, sc);
        if (!(tb.mean() >= MIN_TIMED_SECONDS) || !(tc.mean() >= MIN_TIMED_SECONDS)) {
            return new Row("speed", "time", key, tb.mean() * 1e3, tc.mean() * 1e3, Double.NaN, Double.NaN, Double.NaN, INCONCLUSIVE,
                    String.format(Locale.ROOT, "%s -> %s ms: under %.0f us per operation on one side, below what this timing "
                            + "resolves; no verdict", ms(tb.mean()), ms(tc.mean()), MIN_TIMED_SECONDS * 1e6));
        }
        double ratio = tc.mean() / tb.mean();
        double d = Math.log(ratio);
        double se = Math.sqrt(tb.relVar() + tc.relVar());
        double df = welchDf(tb, tc);
        double normalised = rb.calibrationGflops() > 0 && rc.calibrationGflops() > 0
                ? ratio * rc.calibrationGflops() / rb.calibrationGflops() : Double.NaN;
        RunWideCorrection.IntervalAt interval = conf -> {
            double w = quantile(df, conf) * se + runNoise;
            return new double[] {Math.exp(d - w), Math.exp(d + w)};
        };
        RunWideCorrection.Decisive decisive = (lo, hi) -> {
            String v = speedVerdict(ratio, lo, hi);
            return v.equals(REGRESSION) || v.equals(IMPROVEMENT);
        };
        return new Pending() {
            @Override
            public Row at(double confidence) {
                double[] iv = interval.at(confidence);
                String calib = Double.isNaN(normalised) ? "no calibration on both sides"
                        : String.format(Locale.ROOT, "calibration-normalised x%.3f (%.1f -> %.1f GFLOP/s), not judged",
                        normalised, rb.calibrationGflops(), rc.calibrationGflops());
                String detail = String.format(Locale.ROOT, "%s -> %s ms per batch (x%.3f, %s%% interval %.3f..%.3f incl. "
                                + "between-run allowance x%.2f; noise from %s / %s; %s)", ms(tb.mean()), ms(tc.mean()), ratio,
                        percent(confidence), iv[0], iv[1], Math.exp(runNoise), tb.source(), tc.source(), calib);
                return new Row("speed", "time", key, tb.mean() * 1e3, tc.mean() * 1e3, ratio, iv[0], iv[1],
                        speedVerdict(ratio, iv[0], iv[1]), detail, normalised, confidence);
            }

            @Override
            public RunWideCorrection.Test test() {
                // decisive once the half-width t * se + allowance falls below |log ratio| - log(1 + slower)
                double margin = Math.abs(d) - Math.log1p(slower) - runNoise;
                double p = !(margin > 0) ? 1 : se == 0 ? 0 : 2 * (1 - cdf(df, margin / se));
                return new RunWideCorrection.Test(interval, decisive, p);
            }
        };
    }

    /** Student's t (normal for huge df) distribution function. */
    static double cdf(double df, double x) {
        return Double.isInfinite(df) || df > 1e6 ? new NormalDistribution().cumulativeProbability(x)
                : new TDistribution(Math.max(1, df)).cumulativeProbability(x);
    }

    /** {@link SpeedVerdict} on the interval, except that a row that got faster is never a regression, nor a slower one an improvement. */
    private String speedVerdict(double ratio, double lo, double hi) {
        SpeedVerdict v = SpeedVerdict.of(lo, hi, slower);
        if (v == SpeedVerdict.REGRESSION && !(ratio > 1)) return INCONCLUSIVE;
        if (v == SpeedVerdict.IMPROVEMENT && !(ratio < 1)) return INCONCLUSIVE;
        return v.label();
    }

    /** A confidence level in percent with the digits it needs (95, 99.9955). */
    static String percent(double confidence) {
        if (Double.isNaN(confidence)) return "?";
        double alpha = 100 * (1 - confidence);
        int digits = alpha > 0 ? Math.max(0, (int) Math.ceil(-Math.log10(alpha)) + 1) : 0;
        String s = String.format(Locale.ROOT, "%." + Math.min(digits, 9) + "f", 100 * confidence);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** Seconds as milliseconds with 4 significant-ish digits (the tables' time format). */
    public static String ms(double seconds) {
        double v = seconds * 1e3;
        return String.format(Locale.ROOT, v >= 100 ? "%.1f" : v >= 1 ? "%.3f" : "%.4f", v);
    }

    // ---------------------------------------------------------------- quality

    /**
     * The quality rows, joined by detector and parameters ({@link PairedQuality#join}): paired on the
     * same images where both runs kept scores on the same data ({@link PairedQuality}), else AUROC and
     * FPR95 by the unpaired fallback; each a pending row whose interval is set at the level the
     * run-wide correction gives it.
     */
    private List<Object> quality(RunData base, RunData cand) {
        Bounds bb = new Bounds(base.accuracy());
        Bounds bc = new Bounds(cand.accuracy());
        PairedQuality paired = new PairedQuality(aurocDrop, fpr95Rise, PAIRED_CONFIDENCE, PairedQuality.DEFAULT_RESAMPLES);
        List<Object> out = new ArrayList<>();
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
            if (okB && okC && (rb.nId() != rc.nId() || rb.nOod() != rc.nOod())) {
                out.add(new Row("quality", "", km, rb.auroc(), rc.auroc(), Double.NaN, Double.NaN, Double.NaN, NOT_COMPARABLE,
                        String.format(Locale.ROOT, "different test data: n_id %d vs %d, n_ood %d vs %d; compare runs on the "
                                + "same datasets", rb.nId(), rc.nId(), rb.nOod(), rc.nOod())));
            } else if (okB && okC) {
                PairedQuality.Outcome p = paired.judge(base, rb, cand, rc, km, pair.paramsNote());
                if (p.paired()) {
                    for (Row r : p.rows()) out.add(r.metric().isEmpty() ? r : rescaled(r, PAIRED_CONFIDENCE));
                    continue;
                }
                String why = p.fallback() + (pair.paramsNote().isEmpty() ? "" : "; " + pair.paramsNote());
                out.add(qualityMetric(km, "auroc", rb.auroc(), bb.lower(rb, true), bb.upper(rb, true), rc.auroc(),
                        bc.lower(rc, true), bc.upper(rc, true), false, aurocDrop, why));
                out.add(qualityMetric(km, "fpr95", rb.fpr95(), bb.lower(rb, false), bb.upper(rb, false), rc.fpr95(),
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

    /** The level at which paired intervals are first computed; {@link #rescaled} carries them to the run-wide level. */
    static final double PAIRED_CONFIDENCE = 0.99;

    /**
     * A paired row computed at {@code computedAt} as a pending row: its interval at another level keeps
     * its lower and upper half-widths in the ratio of the normal quantiles (exact for DeLong's normal
     * interval; for the paired bootstrap, its percentile interval's spread carried to the level Holm asks for).
     */
    private Pending rescaled(Row r, double computedAt) {
        double q0 = quantile(Double.POSITIVE_INFINITY, computedAt);
        double down = (r.change() - r.lo()) / q0;
        double up = (r.hi() - r.change()) / q0;
        boolean lowerIsBetter = PairedQuality.lowerIsBetter(r.metric());
        double threshold = lowerIsBetter ? fpr95Rise : aurocDrop;
        RunWideCorrection.IntervalAt interval = conf -> {
            double q = quantile(Double.POSITIVE_INFINITY, conf);
            return new double[] {r.change() - q * down, r.change() + q * up};
        };
        String label = PairedQuality.label(r.metric());
        String after = r.detail().substring(r.detail().indexOf("interval ") + "interval ".length());
        String how = after.substring(after.indexOf("; ") + 2);
        return pending(interval, (lo, hi) -> decisive(PairedQuality.verdict(lo, hi, threshold, lowerIsBetter)),
                (conf, iv) -> new Row("quality", r.metric(), r.key(), r.baseline(), r.candidate(), r.change(), iv[0], iv[1],
                        PairedQuality.verdict(iv[0], iv[1], threshold, lowerIsBetter),
                        String.format(Locale.ROOT, "%s %.4f -> %.4f (%+.4f, %s%% interval %+.4f..%+.4f; %s", label, r.baseline(),
                                r.candidate(), r.change(), percent(conf), iv[0], iv[1], how),
                        Double.NaN, conf, r.method()));
    }

    private static boolean decisive(String verdict) {
        return verdict.equals(REGRESSION) || verdict.equals(IMPROVEMENT);
    }

    /** A row at a confidence level, given its interval there. */
    private interface RowAt {
        Row at(double confidence, double[] interval);
    }

    private static Pending pending(RunWideCorrection.IntervalAt interval, RunWideCorrection.Decisive decisive, RowAt row) {
        return new Pending() {
            @Override
            public Row at(double confidence) {
                return row.at(confidence, interval.at(confidence));
            }

            @Override
            public RunWideCorrection.Test test() {
                return new RunWideCorrection.Test(interval, decisive);
            }
        };
    }

    /**
     * One metric's delta as a pending row by the unpaired fallback. {@code bLo}/{@code bHi} are the
     * distances from the value down to its lower bootstrap bound and up to its upper one (NaN: no
     * interval). {@code lowerIsBetter}: FPR95. The two runs' intervals combined in quadrature.
     */
    private Pending qualityMetric(Map<String, String> key, String metric, double b, double bLo, double bHi, double c,
                                  double cLo, double cHi, boolean lowerIsBetter, double threshold, String whyUnpaired) {
        double delta = c - b;
        boolean haveIntervals = !Double.isNaN(bLo) && !Double.isNaN(cLo);
        double z95 = quantile(Double.POSITIVE_INFINITY, BOOTSTRAP_CONFIDENCE);
        double down = Math.hypot(z(cLo), z(bHi)) / z95; // standard errors below and above the delta
        double up = Math.hypot(z(cHi), z(bLo)) / z95;
        RunWideCorrection.IntervalAt interval = conf -> {
            double q = quantile(Double.POSITIVE_INFINITY, conf);
            return new double[] {delta - q * down, delta + q * up};
        };
        String name = PairedQuality.label(metric);
        return pending(interval, (lo, hi) -> decisive(qualityVerdict(delta, lo, hi, lowerIsBetter, threshold)),
                (confidence, iv) -> new Row("quality", metric, key, b, c, delta, iv[0], iv[1],
                        qualityVerdict(delta, iv[0], iv[1], lowerIsBetter, threshold),
                        String.format(Locale.ROOT, "%s %.4f -> %.4f (%+.4f, %s%% interval %+.4f..%+.4f from the bootstrap "
                                        + "intervals, unpaired%s; %s)", name, b, c, delta, percent(confidence), iv[0], iv[1],
                                haveIntervals ? "" : "; no bootstrap interval on one side", whyUnpaired),
                        Double.NaN, confidence, PairedQuality.UNPAIRED));
    }

    /** The quality verdict, paired or not: the same words and rule as speed ({@link PairedQuality#verdict}). */
    private static String qualityVerdict(double delta, double lo, double hi, boolean lowerIsBetter, double threshold) {
        if (Double.isNaN(delta)) return NO_CHANGE;
        return PairedQuality.verdict(lo, hi, threshold, lowerIsBetter);
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
            // a duplicate key keeps the row that ran (duplicates that both ran are refused by checkRows)
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

    // ---------------------------------------------------------------- output

    /** The console text: see {@link CompareText#console}. */
    public static String console(Result r, boolean all) {
        return CompareText.console(r, all);
    }

    /** The Markdown summary for a pull request: see {@link CompareText#markdown}. */
    public static String markdown(Result r) {
        return CompareText.markdown(r, "compare", false);
    }

    /** {@link #markdown(Result)} titled for {@code command} ({@code compare} or {@code ab}). */
    public static String markdown(Result r, String command) {
        return CompareText.markdown(r, command, false);
    }

    /** Columns of the comparison CSV. */
    public static final List<String> CSV_COLUMNS = List.of("kind", "metric", "benchmark", "model", "detector", "batch_size",
            "device", "threads", "detector_params", "id_dataset", "ood_dataset", "unit", "baseline", "candidate", "change",
            "change_lo", "change_hi", "confidence", "change_normalised", "verdict", "method", "detail", "baseline_run",
            "candidate_run");

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
            m.put("confidence", CsvTable.num(x.confidence()));
            m.put("change_normalised", CsvTable.num(x.normalised()));
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
