package dev.oodbench.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile-bootstrap 95% confidence intervals for AUROC and FPR95: ID and OOD scores are
 * resampled separately with replacement, seeded. Fast: both sides are ranked once on the pooled
 * distinct scores ({@link Levels}); a resample is then a histogram of counts per rank, from which
 * AUROC and FPR95 follow in one branch-free pass over the ranks (no re-sorting). The arithmetic
 * is that of the exact ROC in the same order, so the intervals are bit for bit those of a plain
 * scan (the tests pin them to it).
 */
public final class Bootstrap {
    /** The metrics that get intervals, by their {@link OodMetrics#NAMES} name. */
    public static final List<String> BOUNDED = List.of("auroc", "fpr95");

    /** The bounds (2.5th and 97.5th percentiles) of each metric of {@link #BOUNDED}. */
    public record Intervals(double aurocLo, double aurocHi, double fpr95Lo, double fpr95Hi, int resamples) {
        public static Intervals none() {
            return new Intervals(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }

        /** Bounds by metric name (a results file's {@code <name>_lo} and {@code <name>_hi} columns). */
        public static Intervals of(ToDoubleFunction<String> lo, ToDoubleFunction<String> hi, int resamples) {
            return new Intervals(lo.applyAsDouble("auroc"), hi.applyAsDouble("auroc"), lo.applyAsDouble("fpr95"),
                    hi.applyAsDouble("fpr95"), resamples);
        }

        /** The lower bound of a metric of {@link #BOUNDED}. */
        public double lo(String metric) {
            return switch (metric) {
                case "auroc" -> aurocLo;
                case "fpr95" -> fpr95Lo;
                default -> throw new IllegalArgumentException("no interval for metric '" + metric + "'; bounded: " + BOUNDED);
            };
        }

        /** The upper bound of a metric of {@link #BOUNDED}. */
        public double hi(String metric) {
            return switch (metric) {
                case "auroc" -> aurocHi;
                case "fpr95" -> fpr95Hi;
                default -> throw new IllegalArgumentException("no interval for metric '" + metric + "'; bounded: " + BOUNDED);
            };
        }
    }

    private Bootstrap() {}

    /**
     * The most resamples an interval takes: 100,000 already puts the 2.5% and 97.5% quantiles within
     * about 0.0005 of their limit, and each resample holds two numbers per (detector, set) pair in memory.
     */
    public static final int MAX_RESAMPLES = 100_000;

    /** Fails with one line naming {@code option} unless {@code resamples} is 0 (no intervals) to {@link #MAX_RESAMPLES}. */
    public static void checkResamples(String option, int resamples) {
        if (resamples < 0 || resamples > MAX_RESAMPLES) {
            throw new IllegalArgumentException(option + " " + resamples + ": give 0 (no intervals) up to " + MAX_RESAMPLES
                    + " resamples");
        }
    }

    public static Intervals intervals(double[] idScores, double[] oodScores, int resamples, long seed) {
        Levels lv = Levels.of(idScores, oodScores);
        if (resamples <= 0) return Intervals.none();
        int[] idRank = ranks(idScores, lv);
        int[] oodRank = ranks(oodScores, lv);
        int nI = idRank.length;
        int nO = oodRank.length;
        // the trapezoid of a level adds (ID count / nI) * (tp before + tp after) / (2 nO); the first
        // factor comes from a table (the same division, done once), a level without ID samples adds 0
        double[] idShare = new double[nI + 1];
        for (int c = 0; c <= nI; c++) idShare[c] = c / (double) nI;
        double twoNO = 2 * (double) nO;
        int tp95 = 0; // the least OOD count with TPR >= 0.95
        while (tp95 / (double) nO < 0.95) tp95++;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] aurocs = new double[resamples];
        double[] fprs = new double[resamples];
        int[] idCount = new int[lv.size];
        int[] oodCount = new int[lv.size];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(idCount, 0);
            Arrays.fill(oodCount, 0);
            for (int i = 0; i < nI; i++) idCount[idRank[rng.nextInt(nI)]]++;
            for (int i = 0; i < nO; i++) oodCount[oodRank[rng.nextInt(nO)]]++;
            // scan from the highest level down: the exact ROC of the resample
            long tp = 0;
            long fp = 0;
            double area = 0;
            int k = lv.size - 1;
            for (; k >= 0; k--) { // until TPR >= 0.95, where FPR95 is read
                long tp2 = tp + oodCount[k];
                area += idShare[idCount[k]] * (tp2 + tp) / twoNO;
                tp = tp2;
                fp += idCount[k];
                if (tp >= tp95) break;
            }
            fprs[r] = fp / (double) nI;
            for (k--; k >= 0; k--) {
                long tp2 = tp + oodCount[k];
                area += idShare[idCount[k]] * (tp2 + tp) / twoNO;
                tp = tp2;
            }
            aurocs[r] = area;
        }
        Arrays.sort(aurocs);
        Arrays.sort(fprs);
        return new Intervals(percentile(aurocs, 0.025), percentile(aurocs, 0.975), percentile(fprs, 0.025),
                percentile(fprs, 0.975), resamples);
    }

    private static int[] ranks(double[] scores, Levels lv) {
        int[] r = new int[scores.length];
        for (int i = 0; i < scores.length; i++) r[i] = lv.indexOf(scores[i]);
        return r;
    }

    /** Linear interpolation between order statistics (numpy's default). */
    static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
