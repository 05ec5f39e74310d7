package dev.oodbench.metrics;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * DeLong's paired test for the difference of two AUROCs measured on the same samples (DeLong, DeLong
 * &amp; Clarke-Pearson, Biometrics 1988; the fast midrank form of Sun &amp; Xu, IEEE SPL 2014; R's pROC
 * {@code roc.test(paired = TRUE)}). Sample {@code i} of side A and sample {@code i} of side B must be
 * the same image: the two score vectors of each set are in one order.
 *
 * <p>For one detector, the placement value of an OOD sample is the share of ID samples scoring
 * below it (a tie counts one half), and that of an ID sample the share of OOD samples scoring above
 * it; both follow from midranks (tied scores share the mean of their ranks): with {@code tz} the
 * midranks in the pooled (OOD then ID) scores, {@code tx} within OOD and {@code ty} within ID,
 * {@code V10[i] = (tz[i] - tx[i]) / nId} and {@code V01[j] = 1 - (tz[nOod + j] - ty[j]) / nOod}. The
 * AUROC is the mean of either, and equals {@link OodMetrics}'s trapezoid (ties count one half).
 *
 * <p>The variance of the difference B - A is {@code var(V10_B - V10_A) / nOod + var(V01_B - V01_A) / nId}
 * (sample variances): each sample's placement moves the two AUROCs together, so scores that
 * correlate cancel most of it. The interval is normal: difference +- z * standard error.
 *
 * <p>Several OOD sets against one ID set ({@link #pairedAverage}): the difference of the plain average
 * AUROC (a near/far group row). The OOD sets are independent samples; the ID samples are shared, so an
 * ID sample's component is its placement difference averaged over the sets.
 */
public final class DeLong {
    private DeLong() {}

    /**
     * A paired difference candidate - baseline with its interval at {@code confidence}; {@code se} its
     * standard error; {@code baseline} and {@code candidate} the two values.
     */
    public record Difference(double baseline, double candidate, double estimate, double lo, double hi, double se,
                             double confidence) {
        public double halfWidth() {
            return (hi - lo) / 2;
        }
    }

    /** The paired AUROC difference B - A on one (ID, OOD) pair of sets. */
    public static Difference paired(double[] idA, double[] oodA, double[] idB, double[] oodB, double confidence) {
        return pairedAverage(idA, List.of(oodA), idB, List.of(oodB), confidence);
    }

    /**
     * The paired difference B - A of the plain average AUROC over OOD sets {@code oodA.get(k)} /
     * {@code oodB.get(k)}, each against the one ID set.
     */
    public static Difference pairedAverage(double[] idA, List<double[]> oodA, double[] idB, List<double[]> oodB,
                                           double confidence) {
        checkConfidence(confidence);
        int k = oodA.size();
        if (k == 0 || oodB.size() != k) throw new IllegalArgumentException("both sides need the same OOD sets (got "
                + oodA.size() + " and " + oodB.size() + ")");
        sameLength("ID scores", idA, idB);
        int nId = idA.length;
        double[] idDiff = new double[nId];
        double aucA = 0;
        double aucB = 0;
        double var = 0;
        for (int s = 0; s < k; s++) {
            sameLength("OOD scores of set " + s, oodA.get(s), oodB.get(s));
            Placements a = Placements.of(idA, oodA.get(s));
            Placements b = Placements.of(idB, oodB.get(s));
            aucA += a.auroc / k;
            aucB += b.auroc / k;
            int nOod = a.v10.length;
            double[] oodDiff = new double[nOod];
            for (int i = 0; i < nOod; i++) oodDiff[i] = b.v10[i] - a.v10[i];
            var += variance(oodDiff) / nOod / ((double) k * k);
            for (int j = 0; j < nId; j++) idDiff[j] += (b.v01[j] - a.v01[j]) / k;
        }
        var += variance(idDiff) / nId;
        double se = Math.sqrt(Math.max(0, var));
        double z = z(confidence);
        double d = aucB - aucA;
        return new Difference(aucA, aucB, d, d - z * se, d + z * se, se, confidence);
    }

    /** The two-sided normal quantile of {@code confidence} (2.576 at 0.99). */
    static double z(double confidence) {
        return new NormalDistribution().inverseCumulativeProbability(1 - (1 - confidence) / 2);
    }

    static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1): " + confidence);
        }
    }

    private static void sameLength(String what, double[] a, double[] b) {
        ScoreChecks.check(what + " (baseline)", a);
        ScoreChecks.check(what + " (candidate)", b);
        if (a.length != b.length) {
            throw new IllegalArgumentException(what + ": " + a.length + " baseline and " + b.length
                    + " candidate samples; a paired test needs the same samples on both sides");
        }
    }

    /** Sample variance (divisor n - 1); 0 for fewer than two values. */
    static double variance(double[] x) {
        if (x.length < 2) return 0;
        double mean = 0;
        for (double v : x) mean += v;
        mean /= x.length;
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        return ss / (x.length - 1);
    }

    /** One detector's placement values on one (ID, OOD) pair, and its AUROC. */
    record Placements(double[] v10, double[] v01, double auroc) {
        static Placements of(double[] id, double[] ood) {
            int m = ood.length;
            int n = id.length;
            double[] pooled = new double[m + n];
            System.arraycopy(ood, 0, pooled, 0, m);
            System.arraycopy(id, 0, pooled, m, n);
            double[] tz = midranks(pooled);
            double[] tx = midranks(ood);
            double[] ty = midranks(id);
            double[] v10 = new double[m];
            double[] v01 = new double[n];
            double sum = 0;
            for (int i = 0; i < m; i++) {
                v10[i] = (tz[i] - tx[i]) / n;
                sum += v10[i];
            }
            for (int j = 0; j < n; j++) v01[j] = 1 - (tz[m + j] - ty[j]) / m;
            return new Placements(v10, v01, sum / m);
        }
    }

    /** 1-based ranks of {@code x} in ascending order, tied values sharing the mean of their ranks. */
    static double[] midranks(double[] x) {
        int n = x.length;
        double[] sorted = x.clone();
        RadixSort.sort(sorted);
        // the rank of each value: its run in the sorted copy, found by binary search (ties by ==, -0.0 is 0.0)
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            double v = x[i] + 0.0;
            int lo = Levels.lowerBound(sorted, v);
            int hi = Levels.lowerBound(sorted, Math.nextUp(v));
            r[i] = (lo + 1 + hi) / 2.0; // ranks lo+1 .. hi
        }
        return r;
    }
}
