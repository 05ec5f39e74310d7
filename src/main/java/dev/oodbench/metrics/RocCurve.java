package dev.oodbench.metrics;

/**
 * The exact ROC of (ID scores, OOD scores) with OOD as the positive class and higher score = more
 * OOD: one point per distinct score (tied scores grouped, no subsampling), thresholds scanned from
 * the highest score down; a sample is flagged OOD when its score is >= the threshold. Built in
 * O(n log n) by sorting both sides once ({@link Levels}). The metrics themselves come from
 * {@link OodMetrics}; this class keeps the points, for plots.
 */
public final class RocCurve {
    private final double[] thresholds;
    private final double[] fpr;
    private final double[] tpr;
    private final int nId;
    private final int nOod;

    /** {@code tp} and {@code fp}: cumulative OOD and ID counts at each point. */
    private RocCurve(double[] thresholds, long[] tp, long[] fp, int nId, int nOod) {
        this.thresholds = thresholds;
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
        Levels lv = Levels.of(idScores, oodScores);
        int n = lv.size + 1;
        double[] th = new double[n];
        long[] tp = new long[n];
        long[] fp = new long[n];
        th[0] = Double.POSITIVE_INFINITY; // the point (0, 0) above the highest score
        for (int j = 1; j < n; j++) {
            int k = lv.size - j;
            th[j] = lv.value[k];
            tp[j] = tp[j - 1] + lv.ood[k];
            fp[j] = fp[j - 1] + lv.id[k];
        }
        return new RocCurve(th, tp, fp, lv.nId, lv.nOod);
    }

    public double[] thresholds() { return thresholds.clone(); }
    public double[] fpr() { return fpr.clone(); }
    public double[] tpr() { return tpr.clone(); }
    public int size() { return thresholds.length; }
    public int nId() { return nId; }
    public int nOod() { return nOod; }

    /** Area under the curve by the trapezoid rule on the exact curve (= P(ood > id) + P(tie) / 2). */
    public double auroc() {
        double a = 0;
        for (int k = 1; k < fpr.length; k++) {
            a += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
        }
        return a;
    }
}
