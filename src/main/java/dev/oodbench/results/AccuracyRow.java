package dev.oodbench.results;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.metrics.OodMetrics;

/**
 * One row of {@code accuracy.csv}: an evaluation result ({@link EvalRow}: what was compared, its
 * metrics, intervals, status and times) with the run and machine it came from ({@link RunInfo}) and
 * the device it ran on. The CSV does not store the run's core count: a row read back has
 * {@code cores} 0 ({@code run.properties} keeps it). Every row follows the convention named by
 * {@link #POSITIVE_CLASS} and {@link #FPR_RULE}. The shortcuts below are what comparisons, reports
 * and history read; every metric is in {@link #metrics()}.
 */
public record AccuracyRow(RunInfo run, String device, EvalRow eval) {

    /** OOD is the positive class. */
    public static final String POSITIVE_CLASS = OodMetrics.POSITIVE_CLASS;
    /** FPR95 = FPR at the first threshold (from the top) where TPR >= 0.95, tied scores grouped. */
    public static final String FPR_RULE = OodMetrics.FPR_RULE;

    public AccuracyRow {
        if (run == null || eval == null) throw new IllegalArgumentException("an accuracy row needs its run and result");
        device = device == null ? "" : device;
    }

    public String model() { return eval.model(); }
    public String detector() { return eval.detector(); }
    public String detectorParams() { return eval.detectorParams(); }
    public String idDataset() { return eval.idSet(); }
    public String oodDataset() { return eval.oodSet(); }
    public String oodGroup() { return eval.group(); }
    public String idFingerprint() { return eval.idFingerprint(); }
    public String oodFingerprint() { return eval.oodFingerprint(); }
    public int nId() { return eval.nId(); }
    public int nOod() { return eval.nOod(); }
    public String status() { return eval.status(); }
    public String note() { return eval.note(); }
    public OodMetrics metrics() { return eval.metrics(); }
    public double auroc() { return eval.metrics().auroc(); }
    public double aurocLo() { return eval.intervals().aurocLo(); }
    public double aurocHi() { return eval.intervals().aurocHi(); }
    public double fpr95() { return eval.metrics().fpr95(); }
    public double fpr95Lo() { return eval.intervals().fpr95Lo(); }
    public double fpr95Hi() { return eval.intervals().fpr95Hi(); }

    public boolean ok() {
        return eval.ok();
    }

    /** A group-average row (OpenOOD style near/far averages: ood_dataset ends in "-average"). */
    public boolean isAverage() {
        return oodDataset().endsWith("-average");
    }
}
