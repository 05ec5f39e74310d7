package dev.oodbench.eval;

import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;

/**
 * One evaluation result, from named parts: a detector on a model, ID set against one OOD set (or a
 * near/far group average), its {@link OodMetrics} (fractions, with the ID and OOD counts; NaN on a
 * skipped row), their {@link Bootstrap.Intervals} (percentile-bootstrap 95% bounds; NaN when not
 * computed, e.g. on group averages), a status ({@link #OK}, or {@link #SKIPPED} with a note saying
 * why, e.g. a dataset that is not present) and the detector's fit and the scoring times in seconds, and
 * the {@link dev.oodbench.data.DatasetFingerprint}s of the ID and OOD sets as scored (empty when
 * unknown; a group average's OOD fingerprint joins its members' with {@code +}).
 */
public record EvalRow(String model, double modelAccuracy, String detector, String detectorParams, String idSet,
                      String oodSet, String group, OodMetrics metrics, Bootstrap.Intervals intervals, String status,
                      String note, double fitSeconds, double scoreSeconds, String idFingerprint, String oodFingerprint) {

    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";

    public EvalRow {
        model = nz(model);
        detector = nz(detector);
        detectorParams = nz(detectorParams);
        idSet = nz(idSet);
        oodSet = nz(oodSet);
        group = nz(group);
        if (metrics == null) throw new IllegalArgumentException("an evaluation row needs metrics (OodMetrics.none for none)");
        intervals = intervals == null ? Bootstrap.Intervals.none() : intervals;
        status = status == null || status.isEmpty() ? OK : status;
        note = nz(note);
        idFingerprint = nz(idFingerprint);
        oodFingerprint = nz(oodFingerprint);
    }

    /** A row whose data fingerprints are not known. */
    public EvalRow(String model, double modelAccuracy, String detector, String detectorParams, String idSet,
                   String oodSet, String group, OodMetrics metrics, Bootstrap.Intervals intervals, String status,
                   String note, double fitSeconds, double scoreSeconds) {
        this(model, modelAccuracy, detector, detectorParams, idSet, oodSet, group, metrics, intervals, status, note,
                fitSeconds, scoreSeconds, "", "");
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public boolean ok() {
        return OK.equals(status);
    }

    public int nId() {
        return metrics.nId();
    }

    public int nOod() {
        return metrics.nOod();
    }

    /** A row for an OOD set that could not be evaluated, with the reason. */
    static EvalRow skipped(String model, double acc, String detector, String params, String idSet, int nId,
                           String oodSet, String group, String note, String idFingerprint) {
        return new EvalRow(model, acc, detector, params, idSet, oodSet, group, OodMetrics.none(nId),
                Bootstrap.Intervals.none(), SKIPPED, note, Double.NaN, Double.NaN, idFingerprint, "");
    }
}
