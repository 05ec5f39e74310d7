package dev.oodbench.results;

import dev.oodbench.eval.EvalRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code accuracy.csv}, schema 1: one row per (model, detector, ID set, OOD set), metrics as
 * fractions at full precision, each row naming its convention ({@code positive_class = ood},
 * {@code fpr_rule = first-threshold-tpr>=0.95,ties-grouped}) and the run and machine it came from.
 * Joinable with {@code performance.csv} on run_id, model and detector. The required columns come
 * first, in {@link #COLUMNS} order; {@code ood_group} (near, far, all), {@code status} (ok, skipped),
 * {@code note}, {@code fit_seconds} and {@code score_seconds} follow.
 *
 * <pre>{@code
 * RunInfo run = RunInfo.collect();
 * Path runDir = run.runDir(Path.of("results"));
 * AccuracyCsv.write(runDir.resolve("accuracy.csv"), rows);   // atomic
 * run.write(runDir);
 * }</pre>
 */
public final class AccuracyCsv {
    public static final String SCHEMA_VERSION = "1";
    public static final String FILE_NAME = "accuracy.csv";
    public static final List<String> COLUMNS = List.of("schema_version", "run_id", "timestamp_utc", "suite_version",
            "git_commit", "model", "model_accuracy", "detector", "detector_params", "id_dataset", "n_id", "ood_dataset",
            "n_ood", "auroc", "auroc_lo", "auroc_hi", "fpr95", "fpr95_lo", "fpr95_hi", "fpr95_idpos", "tnr95", "aupr_in",
            "aupr_out", "detection_error", "positive_class", "fpr_rule", "device", "host", "cpu", "gpu", "java_version",
            "tf_version", "ood_group", "status", "note", "fit_seconds", "score_seconds");

    /** The columns a file must have to be read back (compare, report, history). */
    public static final List<String> REQUIRED = List.of("model", "detector", "id_dataset", "ood_dataset", "auroc",
            "auroc_lo", "auroc_hi", "fpr95", "fpr95_lo", "fpr95_hi");

    private AccuracyCsv() {}

    /** Writes the rows atomically with the header {@link #COLUMNS}. */
    public static void write(Path file, List<AccuracyRow> rows) throws IOException {
        table(rows).write(file);
    }

    /**
     * Reads an accuracy CSV; needs the {@link #REQUIRED} columns, fills absent optional ones with
     * empty text or NaN, and refuses other schema versions. Errors are one line naming the file.
     */
    public static List<AccuracyRow> read(Path file) throws IOException {
        return CsvTable.readRows(file, REQUIRED, SCHEMA_VERSION, (m, line) -> fromMap(RowChecks.accuracy(m, file, line), file, line));
    }

    /** The rows as a table with the documented header. */
    public static CsvTable table(List<AccuracyRow> rows) {
        List<Map<String, String>> out = new ArrayList<>(rows.size());
        for (AccuracyRow r : rows) out.add(toMap(r));
        return new CsvTable(COLUMNS, out);
    }

    /** The rows of evaluation results of one run on {@code device}, as a table to write. */
    public static CsvTable table(RunInfo run, String device, List<EvalRow> rows) {
        return table(rows.stream().map(r -> AccuracyRow.from(run, device, r)).toList());
    }

    static Map<String, String> toMap(AccuracyRow r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("schema_version", r.schemaVersion());
        m.put("run_id", r.runId());
        m.put("timestamp_utc", r.timestampUtc());
        m.put("suite_version", r.suiteVersion());
        m.put("git_commit", r.gitCommit());
        m.put("model", r.model());
        m.put("model_accuracy", CsvTable.num(r.modelAccuracy()));
        m.put("detector", r.detector());
        m.put("detector_params", r.detectorParams());
        m.put("id_dataset", r.idDataset());
        m.put("n_id", Integer.toString(r.nId()));
        m.put("ood_dataset", r.oodDataset());
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
        m.put("positive_class", r.positiveClass());
        m.put("fpr_rule", r.fprRule());
        m.put("device", r.device());
        m.put("host", r.host());
        m.put("cpu", r.cpu());
        m.put("gpu", r.gpu());
        m.put("java_version", r.javaVersion());
        m.put("tf_version", r.tfVersion());
        m.put("ood_group", r.oodGroup());
        m.put("status", r.status());
        m.put("note", r.note());
        m.put("fit_seconds", CsvTable.num(r.fitSeconds()));
        m.put("score_seconds", CsvTable.num(r.scoreSeconds()));
        return m;
    }

    static AccuracyRow fromMap(Map<String, String> m, Path file, int line) {
        Cells c = new Cells(m, file, line);
        String schema = c.s("schema_version");
        return new AccuracyRow(schema.isEmpty() ? SCHEMA_VERSION : schema, c.s("run_id"), c.s("timestamp_utc"),
                c.s("suite_version"), c.s("git_commit"), c.s("model"), c.d("model_accuracy"), c.s("detector"),
                c.s("detector_params"), c.s("id_dataset"), c.i("n_id"), c.s("ood_dataset"), c.i("n_ood"), c.d("auroc"),
                c.d("auroc_lo"), c.d("auroc_hi"), c.d("fpr95"), c.d("fpr95_lo"), c.d("fpr95_hi"), c.d("fpr95_idpos"),
                c.d("tnr95"), c.d("aupr_in"), c.d("aupr_out"), c.d("detection_error"), c.s("positive_class"),
                c.s("fpr_rule"), c.s("device"), c.s("host"), c.s("cpu"), c.s("gpu"), c.s("java_version"),
                c.s("tf_version"), c.s("ood_group"), c.s("status"), c.s("note"), c.d("fit_seconds"),
                c.d("score_seconds"));
    }

    /** Typed access to one CSV record's cells, with errors naming the file, line and column. */
    record Cells(Map<String, String> m, Path file, int line) {
        String s(String col) {
            String v = m.get(col);
            return v == null ? "" : v;
        }

        double d(String col) {
            try {
                return CsvTable.num(m.get(col));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + line + ": column " + col + " is not a number: '"
                        + m.get(col) + "'");
            }
        }

        int i(String col) {
            double v = d(col);
            if (Double.isNaN(v)) return 0;
            if (v != Math.rint(v)) {
                throw new IllegalArgumentException(file + " line " + line + ": column " + col + " is not a whole number: '"
                        + m.get(col) + "'");
            }
            return (int) v;
        }

        Integer boxed(String col) {
            return s(col).isBlank() ? null : i(col);
        }
    }
}
