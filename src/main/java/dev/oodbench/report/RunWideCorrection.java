package dev.oodbench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Holm's step-down correction (Holm 1979, "A simple sequentially rejective multiple test procedure")
 * over every row of a comparison, applied through the confidence level at which each row's interval
 * is computed, so that the chance of <em>any</em> false regression or improvement verdict in the
 * whole run is at most {@code 1 - familyConfidence}.
 *
 * <p>Why Holm and not Benjamini-Hochberg: the promise a comparison makes is about the run as a whole
 * ("nothing here is a false alarm"), a family-wise error rate, not a false discovery rate (a share
 * of the flagged rows that may be false, which on a run with a handful of real changes still means
 * false alarms in most comparisons). Holm controls the family-wise rate under any dependence between
 * rows, and the rows of one run are strongly dependent (they share the machine's state at that time);
 * Benjamini-Hochberg needs positive dependence of a particular kind to hold. Holm rejects everything
 * Bonferroni does and sometimes more.
 *
 * <p>Each row is a {@link Test}: its interval at any confidence level, and whether an interval is
 * <em>decisive</em> (lies wholly beyond a threshold: a regression or an improvement). A row's p-value
 * is the smallest {@code alpha} at which its {@code 1 - alpha} interval is decisive. Holm sorts them;
 * the k-th smallest (k = 0, 1, ...) is tested at {@code alpha / (m - k)} while every earlier one was
 * rejected; at the first that is not, every later row is judged at that same level. Each row's verdict
 * is then read off its interval at its level, so interval and verdict always agree, and a row whose
 * interval at its level is decisive was rejected by Holm.
 */
public final class RunWideCorrection {
    /** The default family-wise confidence: at most a 5% chance of any false verdict in a comparison. */
    public static final double DEFAULT_FAMILY_CONFIDENCE = 0.95;

    /** The interval of a row at a two-sided confidence level. */
    @FunctionalInterface
    public interface IntervalAt {
        double[] at(double confidence);
    }

    /** Whether an interval {lo, hi} lies wholly beyond a threshold (a regression or improvement verdict). */
    @FunctionalInterface
    public interface Decisive {
        boolean test(double lo, double hi);
    }

    /**
     * One row's test. {@code pValue}: the row's p-value when it has a closed form (the smallest alpha
     * at which the interval is decisive); NaN to have it found by bisection on {@code interval}.
     */
    public record Test(IntervalAt interval, Decisive decisive, double pValue) {
        public Test(IntervalAt interval, Decisive decisive) {
            this(interval, decisive, Double.NaN);
        }
    }

    private RunWideCorrection() {}

    /**
     * The confidence level at which to compute each test's interval (same order as {@code tests}), so
     * that the decisive ones are exactly those Holm's procedure rejects at family level {@code 1 - familyConfidence}.
     */
    public static double[] levels(List<Test> tests, double familyConfidence) {
        if (!(familyConfidence > 0 && familyConfidence < 1)) {
            throw new IllegalArgumentException("family confidence must be in (0,1): " + familyConfidence);
        }
        int m = tests.size();
        double alpha = 1 - familyConfidence;
        double[] p = new double[m];
        for (int i = 0; i < m; i++) p[i] = pValue(tests.get(i));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < m; i++) order.add(i);
        order.sort(Comparator.comparingDouble(i -> p[i]));
        double[] level = new double[m];
        boolean stopped = false;
        double stopAlpha = alpha / Math.max(1, m);
        for (int k = 0; k < m; k++) {
            int i = order.get(k);
            if (!stopped) {
                double a = alpha / (m - k);
                if (p[i] <= a) {
                    level[i] = 1 - a;
                    continue;
                }
                stopped = true;
                stopAlpha = a;
            }
            level[i] = 1 - stopAlpha;
        }
        return level;
    }

    /**
     * The smallest {@code alpha} at which the test's {@code 1 - alpha} interval is decisive (1 when
     * none is), by bisection on the log of alpha: intervals narrow as alpha grows.
     */
    static double pValue(Test t) {
        if (!Double.isNaN(t.pValue())) return t.pValue();
        if (!decisiveAt(t, 1 - 0.5)) return 1;
        double lo = Math.log(1e-15);
        double hi = Math.log(0.5);
        if (decisiveAt(t, 1 - 1e-15)) return 1e-15;
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            if (decisiveAt(t, 1 - Math.exp(mid))) hi = mid;
            else lo = mid;
        }
        return Math.exp(hi);
    }

    private static boolean decisiveAt(Test t, double confidence) {
        double[] iv = t.interval().at(confidence);
        return t.decisive().test(iv[0], iv[1]);
    }
}
