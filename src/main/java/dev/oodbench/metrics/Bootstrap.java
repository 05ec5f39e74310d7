package dev.oodbench.metrics;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Percentile-bootstrap 95% confidence intervals for AUROC and FPR95: ID and OOD scores are
 * resampled separately with replacement, seeded. Fast: both sides are ranked once on the pooled
 * distinct scores; a resample is then a histogram of counts per rank, from which AUROC and FPR95
 * follow in one pass over the ranks (no re-sorting).
 */
public final class Bootstrap {
    /** The bounds (2.5th and 97.5th percentiles) of each metric. */
    public record Intervals(double aurocLo, double aurocHi, double fpr95Lo, double fpr95Hi, int resamples) {
        public static Intervals none() {
            return new Intervals(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        }
    }

    private Bootstrap() {}

    public static Intervals intervals(double[] idScores, double[] oodScores, int resamples, long seed) {
        ScoreChecks.check("id scores", idScores);
        ScoreChecks.check("ood scores", oodScores);
        if (resamples <= 0) return Intervals.none();
        double[] pooled = new double[idScores.length + oodScores.length];
        // + 0.0 makes -0.0 and 0.0 one value: they tie in the ROC, and binarySearch must find them
        for (int i = 0; i < idScores.length; i++) pooled[i] = idScores[i] + 0.0;
        for (int i = 0; i < oodScores.length; i++) pooled[idScores.length + i] = oodScores[i] + 0.0;
        Arrays.sort(pooled);
        int distinct = 0;
        for (int i = 0; i < pooled.length; i++) {
            if (i == 0 || pooled[i] != pooled[i - 1]) pooled[distinct++] = pooled[i];
        }
        double[] levels = Arrays.copyOf(pooled, distinct);
        int[] idRank = ranks(idScores, levels);
        int[] oodRank = ranks(oodScores, levels);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] aurocs = new double[resamples];
        double[] fprs = new double[resamples];
        int[] idCount = new int[distinct];
        int[] oodCount = new int[distinct];
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(idCount, 0);
            Arrays.fill(oodCount, 0);
            for (int i = 0; i < idRank.length; i++) idCount[idRank[rng.nextInt(idRank.length)]]++;
            for (int i = 0; i < oodRank.length; i++) oodCount[oodRank[rng.nextInt(oodRank.length)]]++;
            // scan from the highest level down: the exact ROC of the resample
            long tp = 0;
            long fp = 0;
            double area = 0;
            double fpr95 = 1.0;
            boolean found = false;
            double nI = idRank.length;
            double nO = oodRank.length;
            for (int k = distinct - 1; k >= 0; k--) {
                if (idCount[k] == 0 && oodCount[k] == 0) continue;
                long tp2 = tp + oodCount[k];
                long fp2 = fp + idCount[k];
                area += (fp2 - fp) / nI * (tp2 + tp) / (2 * nO);
                tp = tp2;
                fp = fp2;
                if (!found && tp / nO >= 0.95) {
                    fpr95 = fp / nI;
                    found = true;
                }
            }
            aurocs[r] = area;
            fprs[r] = fpr95;
        }
        Arrays.sort(aurocs);
        Arrays.sort(fprs);
        return new Intervals(percentile(aurocs, 0.025), percentile(aurocs, 0.975), percentile(fprs, 0.025),
                percentile(fprs, 0.975), resamples);
    }

    private static int[] ranks(double[] scores, double[] levels) {
        int[] r = new int[scores.length];
        for (int i = 0; i < scores.length; i++) r[i] = Arrays.binarySearch(levels, scores[i] + 0.0);
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
