package dev.oodbench.results;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
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
 * {@code note}, {@code fit_seconds} and {@code score_seconds} follow, then {@code id_fingerprint} and
 * {@code ood_fingerprint}: the {@link dev.oodbench.data.DatasetFingerprint} of each set as scored
 * (empty in files written before them; rows on different fingerprints are never paired).
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
    /** The columns before the metrics: what was compared. */
    private static final List<String> SUBJECT = List.of("schema_version", "run_id", "timestamp_utc", "suite_version",
            "git_commit", "model", "model_accuracy", "detector", "detector_params", "id_dataset", "n_id", "ood_dataset",
            "n_ood");
    /** The columns after the metrics: convention, machine, status and times. */
    private static final List<String> TRAILER = List.of("positive_class", "fpr_rule", "device", "host", "cpu", "gpu",
            "java_version", "tf_version", "ood_group", "status", "note", "fit_seconds", "score_seconds", "id_fingerprint",
            "ood_fingerprint");

    /**
     * The header: {@link #SUBJECT}, then one column per metric of {@link OodMetrics#NAMES} in its
     * order, each bounded one ({@link Bootstrap#BOUNDED}) followed by {@code <name>_lo} and
     * {@code <name>_hi}, then {@link #TRAILER}.
     */
    public static final List<String> COLUMNS = columns();

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
        return table(rows.stream().map(r -> new AccuracyRow(run, device, r)).toList());
    }

    private static List<String> columns() {
        List<String> c = new ArrayList<>(SUBJECT);
        for (String name : OodMetrics.NAMES) {
            c.add(name);
            if (Bootstrap.BOUNDED.contains(name)) {
                c.add(name + "_lo");
                c.add(name + "_hi");
            }
        }
        c.addAll(TRAILER);
        return List.copyOf(c);
    }

    static Map<String, String> toMap(AccuracyRow r) {
        RunInfo run = r.run();
        EvalRow e = r.eval();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("schema_version", SCHEMA_VERSION);
        m.put("run_id", run.runId());
        m.put("timestamp_utc", run.timestampUtc());
        m.put("suite_version", run.suiteVersion());
        m.put("git_commit", run.gitCommit());
        m.put("model", e.model());
        m.put("model_accuracy", CsvTable.num(e.modelAccuracy()));
        m.put("detector", e.detector());
        m.put("detector_params", e.detectorParams());
        m.put("id_dataset", e.idSet());
        m.put("n_id", Integer.toString(e.nId()));
        m.put("ood_dataset", e.oodSet());
        m.put("n_ood", Integer.toString(e.nOod()));
        for (String name : OodMetrics.NAMES) m.put(name, CsvTable.num(e.metrics().get(name)));
        for (String name : Bootstrap.BOUNDED) {
            m.put(name + "_lo", CsvTable.num(e.intervals().lo(name)));
            m.put(name + "_hi", CsvTable.num(e.intervals().hi(name)));
        }
        m.put("positive_class", AccuracyRow.POSITIVE_CLASS);
        m.put("fpr_rule", AccuracyRow.FPR_RULE);
        m.put("device", r.device());
        m.put("host", run.host());
        m.put("cpu", run.cpu());
        m.put("gpu", run.gpu());
        m.put("java_version", run.javaVersion());
        m.put("tf_version", run.tfVersion());
        m.put("ood_group", e.group());
        m.put("status", e.status());
        m.put("note", e.note());
        m.put("fit_seconds", CsvTable.num(e.fitSeconds()));
        m.put("score_seconds", CsvTable.num(e.scoreSeconds()));
        m.put("id_fingerprint", e.idFingerprint());
        m.put("ood_fingerprint", e.oodFingerprint());
        return m;
    }

    /** A row from its cells; absent optional columns read as empty text or NaN. */
    static AccuracyRow fromMap(Map<String, String> m, Path file, int line) {
        Cells c = new Cells(m, file, line);
        RunInfo run = new RunInfo(c.s("run_id"), c.s("timestamp_utc"), c.s("suite_version"), c.s("git_commit"),
                c.s("host"), c.s("cpu"), 0, c.s("gpu"), c.s("java_version"), c.s("tf_version"));
        OodMetrics metrics = OodMetrics.of(c::d, c.i("n_id"), c.i("n_ood"));
        Bootstrap.Intervals ci = Bootstrap.Intervals.of(n -> c.d(n + "_lo"), n -> c.d(n + "_hi"), 0);
        EvalRow e = new EvalRow(c.s("model"), c.d("model_accuracy"), c.s("detector"), c.s("detector_params"),
                c.s("id_dataset"), c.s("ood_dataset"), c.s("ood_group"), metrics, ci, c.s("status"), c.s("note"),
                c.d("fit_seconds"), c.d("score_seconds"), c.s("id_fingerprint"), c.s("ood_fingerprint"));
        return new AccuracyRow(run, c.s("device"), e);
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
