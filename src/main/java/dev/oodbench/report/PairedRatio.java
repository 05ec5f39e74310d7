package dev.oodbench.report;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The typical ratio of paired timings (candidate / baseline, one ratio per interleaved trial) with a
 * distribution-free confidence interval: the Hodges-Lehmann estimator on the log ratios (the median of
 * all pairwise means, the Walsh averages) and its Wilcoxon signed-rank interval (Hollander &amp; Wolfe,
 * Nonparametric Statistical Methods, 3rd ed., 3.2-3.3).
 *
 * <p>Why this and not a mean with a t interval, or a bootstrap: trial ratios on a shared machine have
 * heavy tails (a trial that a neighbour's burst hit on one side only), which drag a mean and widen
 * a t interval; the Hodges-Lehmann estimate shrugs them off, loses little efficiency against the mean
 * when the noise is normal (95%), and its interval is exact under symmetry with no resampling, so the
 * same trials always give the same verdict. Logs make A/B and B/A symmetric.
 *
 * @param ratio      the estimate (a ratio, 1 = no change)
 * @param lo         lower bound of the interval
 * @param hi         upper bound
 * @param trials     how many paired ratios it rests on
 * @param confidence two-sided confidence level of {@code [lo, hi]}
 */
public record PairedRatio(double ratio, double lo, double hi, int trials, double confidence) {
    /** Fewer trials than this give no interval (lo = 0, hi = infinity): too few for any verdict. */
    public static final int MIN_TRIALS = 6;

    /** The estimate and interval from paired ratios (each > 0 and finite). */
    public static PairedRatio of(double[] ratios, double confidence) {
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("confidence must be in (0,1): " + confidence);
        int n = ratios.length;
        double[] logs = new double[n];
        for (int i = 0; i < n; i++) {
            if (!(ratios[i] > 0) || Double.isInfinite(ratios[i])) {
                throw new IllegalArgumentException("paired ratio " + i + " is " + ratios[i] + "; timings must be finite and > 0");
            }
            logs[i] = Math.log(ratios[i]);
        }
        if (n == 0) return new PairedRatio(Double.NaN, 0, Double.POSITIVE_INFINITY, 0, confidence);
        double[] walsh = walshAverages(logs);
        double hl = median(walsh);
        if (n < MIN_TRIALS) return new PairedRatio(Math.exp(hl), 0, Double.POSITIVE_INFINITY, n, confidence);
        // k = the number of Walsh averages cut off each side: the lower critical value of the
        // signed-rank statistic, from its normal approximation (continuity-corrected)
        long m = walsh.length;
        double z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
        double sd = Math.sqrt(n * (n + 1.0) * (2 * n + 1.0) / 24.0);
        long k = (long) Math.floor(m / 2.0 - z * sd - 0.5);
        k = Math.max(0, Math.min(k, (m - 1) / 2));
        return new PairedRatio(Math.exp(hl), Math.exp(walsh[(int) k]), Math.exp(walsh[(int) (m - 1 - k)]), n, confidence);
    }

    /** Relative half-width of the interval in log space (0.01 = about +-1%); infinite without one. */
    public double halfWidth() {
        return Double.isInfinite(hi) || !(lo > 0) ? Double.POSITIVE_INFINITY : (Math.log(hi) - Math.log(lo)) / 2;
    }

    /** This interval widened, in log space, by {@code allowance} on each side (a noise floor the trials cannot see). */
    public PairedRatio widened(double allowance) {
        return new PairedRatio(ratio, lo * Math.exp(-allowance), hi * Math.exp(allowance), trials, confidence);
    }

    /** All n(n+1)/2 pairwise means (x_i + x_j) / 2, i <= j, sorted. */
    static double[] walshAverages(double[] x) {
        int n = x.length;
        double[] w = new double[n * (n + 1) / 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) w[k++] = (x[i] + x[j]) / 2;
        }
        Arrays.sort(w);
        return w;
    }

    static double median(double[] sorted) {
        int m = sorted.length;
        return m % 2 == 1 ? sorted[m / 2] : (sorted[m / 2 - 1] + sorted[m / 2]) / 2;
    }
}
