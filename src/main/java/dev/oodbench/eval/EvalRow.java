package dev.oodbench.eval;

/**
 * One evaluation result: a detector on a model, ID set against one OOD set (or a group average).
 * Metrics are fractions; intervals are percentile-bootstrap 95% bounds (NaN when not computed,
 * e.g. on group averages). {@code status} is {@code ok} or {@code skipped} (with a note, e.g. a
 * dataset that is not present).
 */
public record EvalRow(String model, double modelAccuracy, String detector, String detectorParams, String idSet,
                      int nId, String oodSet, String group, int nOod, double auroc, double aurocLo, double aurocHi,
                      double fpr95, double fpr95Lo, double fpr95Hi, double fpr95IdPos, double tnr95, double auprIn,
                      double auprOut, double detectionError, String status, String note, double fitSeconds,
                      double scoreSeconds) {

    public boolean ok() {
        return "ok".equals(status);
    }

    /** A row for an OOD set that could not be evaluated, with the reason. */
    static EvalRow skipped(String model, double acc, String detector, String params, String idSet, int nId,
                           String oodSet, String group, String note) {
        double nan = Double.NaN;
        return new EvalRow(model, acc, detector, params, idSet, nId, oodSet, group, 0, nan, nan, nan, nan, nan, nan,
                nan, nan, nan, nan, nan, "skipped", note, nan, nan);
    }
}
