package dev.oodbench.metrics;

import java.util.Arrays;

/**
 * The exact ROC of (ID scores, OOD scores) with OOD as the positive class and higher score = more
 * OOD: one point per distinct score (tied scores grouped, no subsampling), thresholds scanned from
 * the highest score down; a sample is flagged OOD when its score is >= the threshold. Built in
 * O(n log n) by sorting both sides once.
 */
public final class RocCurve {
    private final double[] thresholds;
    private final double[] fpr;
    private final double[] tpr;
    /** Cumulative OOD (tp) and ID (fp) counts at each point, for precision-recall. */
    private final long[] tp;
    private final long[] fp;
    private final int nId;
    private final int nOod;

    private RocCurve(double[] thresholds, long[] tp, long[] fp, int nId, int nOod) {
        this.thresholds = thresholds;
        this.tp = tp;
        this.fp = fp;
        this.nId = nId;
        this.nOod = nOod;
        this.fpr = new double[tp.length];
        this.tpr = new double[tp.length];
        for (int i = 0; i < tp.length; i++) {
            fpr[i] = fp[i] / (double) nId;
            tpr[i] = tp[i] / (double) nOod;
        }
    }

    /** Builds the curve; NaN or infinite scores and empty sides are errors. */
    public static RocCurve of(double[] idScores, double[] oodScores) {
        ScoreChecks.check("id scores", idScores);
        ScoreChecks.check("ood scores", oodScores);
        double[] id = idScores.clone();
        double[] ood = oodScores.clone();
        Arrays.sort(id);
        Arrays.sort(ood);
        int i = id.length - 1;
        int o = ood.length - 1;
        int cap = id.length + ood.length + 1;
        double[] th = new double[cap];
        long[] tp = new long[cap];
        long[] fp = new long[cap];
        int k = 0;
        // the point (0, 0) above the highest score
        th[k] = Double.POSITIVE_INFINITY;
        k++;
        long ctp = 0;
        long cfp = 0;
        while (i >= 0 || o >= 0) {
            double t = Math.max(i >= 0 ? id[i] : Double.NEGATIVE_INFINITY, o >= 0 ? ood[o] : Double.NEGATIVE_INFINITY);
            while (o >= 0 && ood[o] == t) {
                ctp++;
                o--;
            }
            while (i >= 0 && id[i] == t) {
                cfp++;
                i--;
            }
            th[k] = t;
            tp[k] = ctp;
            fp[k] = cfp;
            k++;
        }
        return new RocCurve(Arrays.copyOf(th, k), Arrays.copyOf(tp, k), Arrays.copyOf(fp, k), id.length, ood.length);
    }

    public double[] thresholds() { return thresholds.clone(); }
    public double[] fpr() { return fpr.clone(); }
    public double[] tpr() { return tpr.clone(); }
    public int size() { return tp.length; }
    public int nId() { return nId; }
    public int nOod() { return nOod; }

    /** Area under the curve by the trapezoid rule on the exact curve (= P(ood > id) + P(tie) / 2). */
    public double auroc() {
        double a = 0;
        for (int k = 1; k < tp.length; k++) {
            a += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        }
        return a;
    }

    /** FPR at the first threshold (from the top) where TPR >= {@code level}. */
    public double fprAtTpr(double level) {
        for (int k = 0; k < tp.length; k++) {
            if (tpr[k] >= level) return fpr[k];
        }
        return 1.0;
    }

    /** Minimum over thresholds of (FPR + FNR) / 2 (equal priors). */
    public double detectionError() {
        double best = 1.0;
        for (int k = 0; k < tp.length; k++) best = Math.min(best, 0.5 * (fpr[k] + 1 - tpr[k]));
        return best;
    }

    /**
     * Average precision of the positive class (OOD), scikit-learn's step definition:
     * sum over thresholds of (R_k - R_{k-1}) P_k.
     */
    public double averagePrecision() {
        double ap = 0;
        for (int k = 1; k < tp.length; k++) {
            if (tp[k] == tp[k - 1]) continue;
            double precision = tp[k] / (double) (tp[k] + fp[k]);
            ap += (tpr[k] - tpr[k - 1]) * precision;
        }
        return ap;
    }
}
