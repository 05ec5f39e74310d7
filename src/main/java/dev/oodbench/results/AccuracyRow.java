package dev.oodbench.results;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;

/**
 * One row of {@code accuracy.csv}: a detector on a model, one ID set against one OOD set (or a
 * near/far group average), with the run and machine it came from. Components are in column order
 * ({@link AccuracyCsv#COLUMNS}). Metrics are fractions at full precision; intervals are the
 * bootstrap bounds (NaN when not computed, e.g. on group averages). {@code status} is {@code ok} or
 * {@code skipped} (with a {@code note} saying why). {@code positiveClass} and {@code fprRule} are
 * always {@link #POSITIVE_CLASS} and {@link #FPR_RULE}.
 */
public record AccuracyRow(String schemaVersion, String runId, String timestampUtc, String suiteVersion, String gitCommit,
                          String model, double modelAccuracy, String detector, String detectorParams, String idDataset,
                          int nId, String oodDataset, int nOod, double auroc, double aurocLo, double aurocHi,
                          double fpr95, double fpr95Lo, double fpr95Hi, double fpr95IdPos, double tnr95, double auprIn,
                          double auprOut, double detectionError, String positiveClass, String fprRule, String device,
                          String host, String cpu, String gpu, String javaVersion, String tfVersion, String oodGroup,
                          String status, String note, double fitSeconds, double scoreSeconds) {

    /** OOD is the positive class. */
    public static final String POSITIVE_CLASS = OodMetrics.POSITIVE_CLASS;
    /** FPR95 = FPR at the first threshold (from the top) where TPR >= 0.95, tied scores grouped. */
    public static final String FPR_RULE = OodMetrics.FPR_RULE;

    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";

    public AccuracyRow {
        schemaVersion = nz(schemaVersion);
        runId = nz(runId);
        timestampUtc = nz(timestampUtc);
        suiteVersion = nz(suiteVersion);
        gitCommit = nz(gitCommit);
        model = nz(model);
        detector = nz(detector);
        detectorParams = nz(detectorParams);
        idDataset = nz(idDataset);
        oodDataset = nz(oodDataset);
        positiveClass = nz(positiveClass);
        fprRule = nz(fprRule);
        device = nz(device);
        host = nz(host);
        cpu = nz(cpu);
        gpu = nz(gpu);
        javaVersion = nz(javaVersion);
        tfVersion = nz(tfVersion);
        oodGroup = nz(oodGroup);
        status = status == null || status.isEmpty() ? OK : status;
        note = nz(note);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** A group-average row (OpenOOD style near/far averages: ood_dataset ends in "-average"). */
    public boolean isAverage() {
        return oodDataset.endsWith("-average");
    }

    /**
     * A row from metrics computed on (ID scores, OOD scores), e.g. {@code OodMetrics.compute(id, ood)}
     * and {@code Bootstrap.intervals(id, ood, 1000, seed)} (pass {@code Bootstrap.Intervals.none()} for
     * no intervals). Fit and score times are NaN; set them with {@link #withTimes}.
     */
    public static AccuracyRow of(RunInfo run, String device, String model, double modelAccuracy, String detector,
                                 String detectorParams, String idDataset, String oodDataset, String oodGroup,
                                 OodMetrics m, Bootstrap.Intervals ci) {
        return new AccuracyRow(AccuracyCsv.SCHEMA_VERSION, run.runId(), run.timestampUtc(), run.suiteVersion(),
                run.gitCommit(), model, modelAccuracy, detector, detectorParams, idDataset, m.nId(), oodDataset, m.nOod(),
                m.auroc(), ci.aurocLo(), ci.aurocHi(), m.fpr95(), ci.fpr95Lo(), ci.fpr95Hi(), m.fpr95IdPos(), m.tnr95(),
                m.auprIn(), m.auprOut(), m.detectionError(), POSITIVE_CLASS, FPR_RULE, device, run.host(), run.cpu(),
                run.gpu(), run.javaVersion(), run.tfVersion(), oodGroup, OK, "", Double.NaN, Double.NaN);
    }

    /** A row for an OOD set that could not be evaluated, with the reason in {@code note}. */
    public static AccuracyRow skipped(RunInfo run, String device, String model, double modelAccuracy, String detector,
                                      String detectorParams, String idDataset, int nId, String oodDataset,
                                      String oodGroup, String note) {
        double nan = Double.NaN;
        return new AccuracyRow(AccuracyCsv.SCHEMA_VERSION, run.runId(), run.timestampUtc(), run.suiteVersion(),
                run.gitCommit(), model, modelAccuracy, detector, detectorParams, idDataset, nId, oodDataset, 0, nan, nan,
                nan, nan, nan, nan, nan, nan, nan, nan, nan, POSITIVE_CLASS, FPR_RULE, device, run.host(), run.cpu(),
                run.gpu(), run.javaVersion(), run.tfVersion(), oodGroup, SKIPPED, note, nan, nan);
    }

    /** The row of an evaluation result ({@link EvalRow}) of this run on {@code device}. */
    public static AccuracyRow from(RunInfo run, String device, EvalRow r) {
        return new AccuracyRow(AccuracyCsv.SCHEMA_VERSION, run.runId(), run.timestampUtc(), run.suiteVersion(),
                run.gitCommit(), r.model(), r.modelAccuracy(), r.detector(), r.detectorParams(), r.idSet(), r.nId(),
                r.oodSet(), r.nOod(), r.auroc(), r.aurocLo(), r.aurocHi(), r.fpr95(), r.fpr95Lo(), r.fpr95Hi(),
                r.fpr95IdPos(), r.tnr95(), r.auprIn(), r.auprOut(), r.detectionError(), POSITIVE_CLASS, FPR_RULE, device,
                run.host(), run.cpu(), run.gpu(), run.javaVersion(), run.tfVersion(), r.group(), r.status(), r.note(),
                r.fitSeconds(), r.scoreSeconds());
    }

    /** This row with the detector's fit time and the scoring time (seconds). */
    public AccuracyRow withTimes(double fitSeconds, double scoreSeconds) {
        return new AccuracyRow(schemaVersion, runId, timestampUtc, suiteVersion, gitCommit, model, modelAccuracy, detector,
                detectorParams, idDataset, nId, oodDataset, nOod, auroc, aurocLo, aurocHi, fpr95, fpr95Lo, fpr95Hi,
                fpr95IdPos, tnr95, auprIn, auprOut, detectionError, positiveClass, fprRule, device, host, cpu, gpu,
                javaVersion, tfVersion, oodGroup, status, note, fitSeconds, scoreSeconds);
    }

    /** This row with another OOD group (near, far, all). */
    public AccuracyRow withGroup(String group) {
        return new AccuracyRow(schemaVersion, runId, timestampUtc, suiteVersion, gitCommit, model, modelAccuracy, detector,
                detectorParams, idDataset, nId, oodDataset, nOod, auroc, aurocLo, aurocHi, fpr95, fpr95Lo, fpr95Hi,
                fpr95IdPos, tnr95, auprIn, auprOut, detectionError, positiveClass, fprRule, device, host, cpu, gpu,
                javaVersion, tfVersion, group, status, note, fitSeconds, scoreSeconds);
    }
}
