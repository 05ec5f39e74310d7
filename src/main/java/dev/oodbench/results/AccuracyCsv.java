package dev.oodbench.results;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.metrics.OodMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The accuracy CSV (schema 1): one row per (model, detector, ID set, OOD set), metrics as
 * fractions, each row naming its convention ({@code positive_class}, {@code fpr_rule}) and the run
 * and machine it came from. Joinable with the performance CSV on run_id, model and detector.
 */
public final class AccuracyCsv {
    public static final String SCHEMA_VERSION = "1";
    public static final List<String> COLUMNS = List.of("schema_version", "run_id", "timestamp_utc", "suite_version",
            "git_commit", "model", "model_accuracy", "detector", "detector_params", "id_dataset", "n_id", "ood_dataset",
            "n_ood", "auroc", "auroc_lo", "auroc_hi", "fpr95", "fpr95_lo", "fpr95_hi", "fpr95_idpos", "tnr95", "aupr_in",
            "aupr_out", "detection_error", "positive_class", "fpr_rule", "device", "host", "cpu", "gpu", "java_version",
            "tf_version", "ood_group", "status", "note", "fit_seconds", "score_seconds");

    /** The columns compare and report need. */
    public static final List<String> REQUIRED = List.of("model", "detector", "id_dataset", "ood_dataset", "auroc",
            "auroc_lo", "auroc_hi", "fpr95", "fpr95_lo", "fpr95_hi", "status");

    private AccuracyCsv() {}

    public static CsvTable table(RunInfo run, String device, List<EvalRow> rows) {
        List<Map<String, String>> out = new ArrayList<>();
        for (EvalRow r : rows) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("schema_version", SCHEMA_VERSION);
            m.put("run_id", run.runId());
            m.put("timestamp_utc", run.timestampUtc());
            m.put("suite_version", run.suiteVersion());
            m.put("git_commit", run.gitCommit());
            m.put("model", r.model());
            m.put("model_accuracy", CsvTable.num(r.modelAccuracy()));
            m.put("detector", r.detector());
            m.put("detector_params", r.detectorParams());
            m.put("id_dataset", r.idSet());
            m.put("n_id", Integer.toString(r.nId()));
            m.put("ood_dataset", r.oodSet());
            m.put("n_ood", Integer.toString(r.nOod()));
            m.put("auroc", CsvTable.num(r.auroc()));
            m.put("auroc_lo", CsvTable.num(r.aurocLo()));
            m.put("auroc_hi", CsvTable.num(r.aurocHi()));
            m.put("fpr95", CsvTable.num(r.fpr95()));
            m.put("fpr95_lo", CsvTable.num(r.fpr95Lo()));
            m.put("fpr95_hi", CsvTable.num(r.fpr95Hi()));
            m.put("fpr95_idpos", CsvTable.num(r.fpr95IdPos()));
            m.put("tnr95", CsvTable.num(r.tnr95()));
            m.put("aupr_in", CsvTable.num(r.auprIn()));
            m.put("aupr_out", CsvTable.num(r.auprOut()));
            m.put("detection_error", CsvTable.num(r.detectionError()));
            m.put("positive_class", OodMetrics.POSITIVE_CLASS);
            m.put("fpr_rule", OodMetrics.FPR_RULE);
            m.put("device", device);
            m.put("host", run.host());
            m.put("cpu", run.cpu());
            m.put("gpu", run.gpu());
            m.put("java_version", run.javaVersion());
            m.put("tf_version", run.tfVersion());
            m.put("ood_group", r.group());
            m.put("status", r.status());
            m.put("note", r.note());
            m.put("fit_seconds", CsvTable.num(r.fitSeconds()));
            m.put("score_seconds", CsvTable.num(r.scoreSeconds()));
            out.add(m);
        }
        return new CsvTable(COLUMNS, out);
    }
}
