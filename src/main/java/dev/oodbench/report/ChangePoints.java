package dev.oodbench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * Change points in many short, noisy series at once, with the chance of any false change over all
 * of them held at {@code alpha}.
 *
 * <p>Method (the scheme of Hunter/Otava: E-divisive means to place a split, a two-sample test to
 * keep it; Fleming et al., "Hunter: Using Change Point Detection to Hunt for Performance Regressions",
 * ICPE 2023), adapted to short series of many rows measured together:
 * <ol>
 * <li><b>Where.</b> In a segment, the split is where the E-statistic of Matteson &amp; James ("A
 *     nonparametric approach for multiple change point analysis of multivariate data", JASA 2014;
 *     exponent 1) is largest: {@code m k / (m + k)} times twice the mean distance between the two
 *     sides, less each side's mean distance within itself (a side of one value has none).
 * <li><b>Whether.</b> The two sides' means are compared with a t statistic whose noise {@code s} is
 *     <em>pooled over the family</em> (one machine's series of one kind): {@code s = 1.4826 median |x[t+1]
 *     - x[t]| / sqrt 2} over every successive difference of every series of the family (a step adds one
 *     large difference per series, which the median ignores), never below the family's noise floor. A
 *     series' own 13 differences would leave a t test with few degrees of freedom and so heavy a tail
 *     that, at the level needed over ~2,000 series, only very large steps pass; the pooled estimate has
 *     thousands of differences. Its degrees of freedom are taken as a quarter of their count (a median
 *     estimate is about 37% as efficient as the variance, and successive differences overlap).
 * <li><b>Selection.</b> The test is taken at the segment's place where the t statistic is largest (the
 *     likelihood-ratio test of one step in the mean) and its p-value multiplied by the number of places,
 *     {@code n - 1} (Bonferroni over the places; simulated at 14 runs, it is within the Monte Carlo error of
 *     the exact level this far out in the tail).
 * <li><b>Over all series.</b> Holm's step-down over the series' p-values (Holm 1979) controls the
 *     chance of one or more false changes over every series of every family at {@code alpha}. A series
 *     that has a change is then split further, each part tested in the same way at the strictest level
 *     {@code alpha / series}, until no part holds a change.
 * </ol>
 * Each change's size is measured between its neighbouring change points: the difference of the means
 * after and before, with a normal interval from the larger of the pooled noise and the noise around
 * the two segments' own means. Where a step cannot be placed to one run (a noisy value next to it could
 * belong to either side), the change gives the range of places it may have entered at: every place
 * whose mean-shift likelihood ratio is within {@code 2 ln(2 / (1 - confidence))} (7.4 at 95%) of the
 * best: the large-step bound on that ratio at the true place, where each side behaves as a random walk
 * with drift whose maximum is exponential (after Hinkley, "Inference about the change-point in a
 * sequence of random variables", Biometrika 1970). Simulated coverage: docs/change-points.md.
 */
public final class ChangePoints {
    /**
     * The chance of any false change over all series, unless told otherwise: 4%, so that the rate stays
     * under 5% with the error of the pooled noise estimate (simulated: docs/change-points.md).
     */
    public static final double DEFAULT_ALPHA = 0.04;
    /** The confidence of each change's interval, unless told otherwise. */
    public static final double DEFAULT_CONFIDENCE = 0.95;
    /** 1 / Phi^-1(3/4): a normal sample's median absolute value over its standard deviation, inverted. */
    static final double MAD_SCALE = 1.4826;

    /**
     * Series whose run-to-run noise is taken to be alike (in the units they are given in), and the
     * smallest noise to assume (for series that repeat exactly on the same code).
     */
    public record Family(List<double[]> series, double noiseFloor) {
        public Family {
            series = List.copyOf(series);
            if (!(noiseFloor >= 0)) throw new IllegalArgumentException("noise floor must be >= 0: " + noiseFloor);
        }
    }

    /**
     * One change: E-divisive's split {@code at} (the first index after it); {@code [earliest, latest]}: the
     * places it may have entered at, given the noise (the change entered after index {@code earliest - 1}
     * and by index {@code latest}); the segment before is {@code [from, at)}, after {@code [at, to)}
     * (indices into the series), their means, {@code difference = after - before} with its interval
     * {@code [lo, hi]}; {@code p}: the adjusted p-value of the test that kept it.
     */
    public record Change(int at, int earliest, int latest, int from, int to, double before, double after, double difference,
                         double lo, double hi, double p) {}

    /** A family's outcome: its pooled noise, the degrees of freedom it rests on, and each series' changes, in order. */
    public record FamilyResult(double noise, double df, List<List<Change>> changes) {}

    private final double alpha;
    private final double confidence;

    public ChangePoints(double alpha, double confidence) {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0,1): " + alpha);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0,1): " + confidence);
        this.alpha = alpha;
        this.confidence = confidence;
    }

    public static ChangePoints defaults() {
        return new ChangePoints(DEFAULT_ALPHA, DEFAULT_CONFIDENCE);
    }

    /** A series' first split and its p-value, before the correction over series. */
    private record Candidate(int family, int series, int at, double p) {}

    /** The changes in every series of every family, the chance of any false one held at alpha. */
    public List<FamilyResult> detect(List<Family> families) {
        double[] noise = new double[families.size()];
        double[] df = new double[families.size()];
        TDistribution[] t = new TDistribution[families.size()];
        List<Candidate> first = new ArrayList<>();
        for (int f = 0; f < families.size(); f++) {
            Family fam = families.get(f);
            int diffs = 0;
            for (double[] x : fam.series()) diffs += Math.max(0, x.length - 1);
            noise[f] = Math.max(fam.noiseFloor(), pooledNoise(fam.series()));
            df[f] = Math.max(1, diffs / 4.0);
            t[f] = new TDistribution(null, df[f]);
            for (int s = 0; s < fam.series().size(); s++) {
                double[] x = fam.series().get(s);
                if (x.length < 2) continue;
                int at = split(x, 0, x.length);
                first.add(new Candidate(f, s, at, pValue(x, 0, x.length, noise[f], t[f])));
            }
        }
        // Holm's step-down over the series
        int m = first.size();
        List<Candidate> sorted = new ArrayList<>(first);
        sorted.sort(Comparator.comparingDouble(Candidate::p));
        List<List<List<Integer>>> splits = new ArrayList<>();
        for (Family fam : families) {
            List<List<Integer>> perSeries = new ArrayList<>();
            for (int s = 0; s < fam.series().size(); s++) perSeries.add(new ArrayList<>());
            splits.add(perSeries);
        }
        List<List<List<Double>>> pOf = new ArrayList<>();
        for (Family fam : families) {
            List<List<Double>> perSeries = new ArrayList<>();
            for (int s = 0; s < fam.series().size(); s++) perSeries.add(new ArrayList<>());
            pOf.add(perSeries);
        }
        double strictest = alpha / Math.max(1, m);
        for (int k = 0; k < sorted.size(); k++) {
            Candidate c = sorted.get(k);
            if (!(c.p() <= alpha / (m - k))) break;
            double[] x = families.get(c.family()).series().get(c.series());
            List<Integer> at = splits.get(c.family()).get(c.series());
            List<Double> ps = pOf.get(c.family()).get(c.series());
            at.add(c.at());
            ps.add(c.p());
            refine(x, 0, c.at(), noise[c.family()], t[c.family()], strictest, at, ps);
            refine(x, c.at(), x.length, noise[c.family()], t[c.family()], strictest, at, ps);
        }
        NormalDistribution normal = new NormalDistribution(null, 0, 1);
        double q = normal.inverseCumulativeProbability(1 - (1 - confidence) / 2);
        List<FamilyResult> out = new ArrayList<>();
        for (int f = 0; f < families.size(); f++) {
            List<List<Change>> perSeries = new ArrayList<>();
            for (int s = 0; s < families.get(f).series().size(); s++) {
                perSeries.add(changes(families.get(f).series().get(s), splits.get(f).get(s), pOf.get(f).get(s), noise[f], q));
            }
            out.add(new FamilyResult(noise[f], df[f], perSeries));
        }
        return out;
    }

    /** Splits {@code [lo, hi)} further while a part holds a change at {@code level}. */
    private static void refine(double[] x, int lo, int hi, double noise, TDistribution t, double level, List<Integer> at,
                               List<Double> ps) {
        if (hi - lo < 2) return;
        int s = split(x, lo, hi);
        double p = pValue(x, lo, hi, noise, t);
        if (!(p <= level)) return;
        at.add(s);
        ps.add(p);
        refine(x, lo, s, noise, t, level, at, ps);
        refine(x, s, hi, noise, t, level, at, ps);
    }

    /** The changes at the kept splits, each measured between its neighbours. */
    private List<Change> changes(double[] x, List<Integer> at, List<Double> ps, double noise, double q) {
        Integer[] order = new Integer[at.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt(at::get));
        List<Change> out = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            int a = at.get(order[i]);
            int from = i == 0 ? 0 : at.get(order[i - 1]);
            int to = i == order.length - 1 ? x.length : at.get(order[i + 1]);
            double before = mean(x, from, a);
            double after = mean(x, a, to);
            double ss = 0;
            for (int j = from; j < a; j++) ss += (x[j] - before) * (x[j] - before);
            for (int j = a; j < to; j++) ss += (x[j] - after) * (x[j] - after);
            int dfOwn = to - from - 2;
            double s = dfOwn > 0 ? Math.max(noise, Math.sqrt(ss / dfOwn)) : noise;
            double half = q * s * Math.sqrt(1.0 / (a - from) + 1.0 / (to - a));
            double d = after - before;
            // the places whose mean-shift statistic is within h noise^2 of the best one's, with h = 2 ln(2 / (1 - confidence))
            // (the two-sided bound on the likelihood ratio of a step's place; Hinkley 1970), and the split itself
            double best = 0;
            for (int t = from + 1; t < to; t++) best = Math.max(best, shift(x, from, t, to));
            double cut = best - 2 * Math.log(2 / (1 - confidence)) * noise * noise;
            int earliest = a;
            int latest = a;
            for (int t = from + 1; t < to; t++) {
                if (shift(x, from, t, to) >= cut) {
                    earliest = Math.min(earliest, t);
                    latest = Math.max(latest, t);
                }
            }
            out.add(new Change(a, earliest, latest, from, to, before, after, d, d - half, d + half, ps.get(order[i])));
        }
        return out;
    }

    /**
     * The p-value of a change somewhere in {@code [lo, hi)}: the two-sided t test of the two sides' means
     * with the pooled noise at the place where it is largest, times the number of places (Bonferroni).
     */
    static double pValue(double[] x, int lo, int hi, double noise, TDistribution t) {
        double q = maxShift(x, lo, hi);
        if (q == 0) return 1;
        if (!(noise > 0)) return 0; // values that never varied, then do: certain
        double p = 2 * t.cumulativeProbability(-Math.sqrt(q) / noise);
        return Math.min(1, p * (hi - lo - 1));
    }

    /** The mean-shift statistic of a split at {@code at}: {@code m k / (m + k)} times the squared difference of the means. */
    static double shift(double[] x, int lo, int at, int hi) {
        int m = at - lo;
        int k = hi - at;
        double d = mean(x, at, hi) - mean(x, lo, at);
        return (double) m * k / (m + k) * d * d;
    }

    /** The largest {@link #shift} over the places of {@code [lo, hi)} (running sums, O(n)). */
    static double maxShift(double[] x, int lo, int hi) {
        double total = 0;
        for (int i = lo; i < hi; i++) total += x[i];
        double left = 0;
        double best = 0;
        for (int at = lo + 1; at < hi; at++) {
            left += x[at - 1];
            int m = at - lo;
            int k = hi - at;
            double d = (total - left) / k - left / m;
            best = Math.max(best, (double) m * k / (m + k) * d * d);
        }
        return best;
    }

    /**
     * Where E-divisive places a split in {@code [lo, hi)} (hi - lo >= 2): the first index of the right
     * side that maximises {@code m k / (m + k) * (2 between / (m k) - withinL / C(m,2) - withinR / C(k,2))},
     * sums of absolute differences, updated as one value moves from the right side to the left (O(n^2)).
     */
    static int split(double[] x, int lo, int hi) {
        double total = 0;
        for (int i = lo; i < hi; i++) for (int j = i + 1; j < hi; j++) total += Math.abs(x[i] - x[j]);
        double between = 0;
        for (int j = lo + 1; j < hi; j++) between += Math.abs(x[lo] - x[j]);
        double withinL = 0;
        double withinR = total - between;
        int best = lo + 1;
        double bestQ = Double.NEGATIVE_INFINITY;
        for (int at = lo + 1; at < hi; at++) {
            if (at > lo + 1) {
                int e = at - 1; // moves from right to left
                double rowL = 0;
                double rowR = 0;
                for (int i = lo; i < e; i++) rowL += Math.abs(x[i] - x[e]);
                for (int j = e + 1; j < hi; j++) rowR += Math.abs(x[e] - x[j]);
                between += rowR - rowL;
                withinL += rowL;
                withinR -= rowR;
            }
            double q = eStatistic(at - lo, hi - at, between, withinL, withinR);
            if (q > bestQ) {
                bestQ = q;
                best = at;
            }
        }
        return best;
    }

    /** The E-statistic of two sides of sizes m and k from their sums of absolute differences. */
    static double eStatistic(int m, int k, double between, double withinL, double withinR) {
        double e = 2 * between / ((double) m * k);
        if (m > 1) e -= withinL / (m * (m - 1) / 2.0);
        if (k > 1) e -= withinR / (k * (k - 1) / 2.0);
        return (double) m * k / (m + k) * e;
    }

    /** 1.4826 median |successive difference| / sqrt 2 over every series; 0 with no differences. */
    static double pooledNoise(List<double[]> series) {
        int n = 0;
        for (double[] x : series) n += Math.max(0, x.length - 1);
        if (n == 0) return 0;
        double[] d = new double[n];
        int k = 0;
        for (double[] x : series) for (int i = 1; i < x.length; i++) d[k++] = Math.abs(x[i] - x[i - 1]);
        Arrays.sort(d);
        double median = n % 2 == 1 ? d[n / 2] : (d[n / 2 - 1] + d[n / 2]) / 2;
        return MAD_SCALE * median / Math.sqrt(2);
    }

    static double mean(double[] x, int lo, int hi) {
        double s = 0;
        for (int i = lo; i < hi; i++) s += x[i];
        return s / (hi - lo);
    }
}
