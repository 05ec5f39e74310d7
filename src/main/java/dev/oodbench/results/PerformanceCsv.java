package dev.oodbench.results;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code performance.csv}, schema 1: one row per benchmark x parameters (see {@link PerformanceRow}).
 * {@code score} is JMH's average time per batch (normally ms/op) with its 99.9% error,
 * {@code images_per_s} = batch size / time in seconds, {@code overhead_vs_forward} = score-path
 * time / forward-path time - 1 (same model, batch size, device, threads). {@code status}: ok,
 * skipped (e.g. gpu without a GPU) or failed, with a note. Built from JMH's JSON by
 * {@link JmhImport}.
 */
public final class PerformanceCsv {
    public static final String SCHEMA_VERSION = "1";
    public static final String FILE_NAME = "performance.csv";
    public static final List<String> COLUMNS = List.of("schema_version", "run_id", "timestamp_utc", "suite_version",
            "git_commit", "benchmark", "model", "detector", "batch_size", "device", "threads", "mode", "score",
            "score_error", "unit", "images_per_s", "overhead_vs_forward", "status", "note", "forks", "iterations",
            "host", "cpu", "cores", "gpu", "java_version", "tf_version", "jvm_args", "overhead_lo", "overhead_hi",
            "calibration_gflops");

    /** The columns a file must have to be read back (compare, report, history). */
    public static final List<String> REQUIRED = List.of("benchmark", "model", "detector", "batch_size", "device",
            "threads", "score", "score_error");

    private PerformanceCsv() {}

    /** Writes the rows atomically with the header {@link #COLUMNS}. */
    public static void write(Path file, List<PerformanceRow> rows) throws IOException {
        table(rows).write(file);
    }

    /**
     * Reads a performance CSV; needs the {@link #REQUIRED} columns, fills absent optional ones with
     * empty text or NaN, and refuses other schema versions. Errors are one line naming the file.
     */
    public static List<PerformanceRow> read(Path file) throws IOException {
        return CsvTable.readRows(file, REQUIRED, SCHEMA_VERSION, (m, line) -> fromMap(RowChecks.performance(m, file, line), file, line));
    }

    public static CsvTable table(List<PerformanceRow> rows) {
        List<Map<String, String>> out = new ArrayList<>(rows.size());
        for (PerformanceRow r : rows) out.add(toMap(r));
        return new CsvTable(COLUMNS, out);
    }

    /**
     * The rows with {@code overhead_vs_forward} computed: for each ok {@code score} row, its time over
     * the time of the ok {@code forward} row with the same model, batch size, device and threads, minus
     * one; for each ok {@code head} row (the detector's ops alone), its time over that forward time,
     * the same added cost measured directly. Other rows, and rows without a forward row, get NaN (an
     * empty cell).
     */
    public static List<PerformanceRow> withOverheads(List<PerformanceRow> rows) {
        Map<List<String>, Double> forward = new HashMap<>();
        for (PerformanceRow r : rows) {
            if (r.ok() && r.benchmark().equals("forward")) forward.put(overheadKey(r), r.secondsPerOp());
        }
        List<PerformanceRow> out = new ArrayList<>(rows.size());
        for (PerformanceRow r : rows) {
            if (r.pairedOverhead()) {
                out.add(r);
                continue;
            }
            boolean score = r.benchmark().equals("score");
            Double f = r.ok() && (score || r.benchmark().equals("head")) ? forward.get(overheadKey(r)) : null;
            double o = f == null || !(f > 0) ? Double.NaN : r.secondsPerOp() / f - (score ? 1 : 0);
            out.add(r.withOverhead(PerformanceRow.Overhead.unpaired(o)));
        }
        return out;
    }

    private static List<String> overheadKey(PerformanceRow r) {
        return List.of(r.model(), r.batchSize(), r.device(), r.threads());
    }

    static Map<String, String> toMap(PerformanceRow r) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("schema_version", r.schemaVersion());
        m.put("run_id", r.runId());
        m.put("timestamp_utc", r.timestampUtc());
        m.put("suite_version", r.suiteVersion());
        m.put("git_commit", r.gitCommit());
        m.put("benchmark", r.benchmark());
        m.put("model", r.model());
        m.put("detector", r.detector());
        m.put("batch_size", r.batchSize());
        m.put("device", r.device());
        m.put("threads", r.threads());
        m.put("mode", r.mode());
        m.put("score", CsvTable.num(r.score()));
        m.put("score_error", CsvTable.num(r.scoreError()));
        m.put("unit", r.unit());
        m.put("images_per_s", CsvTable.num(r.imagesPerS()));
        m.put("overhead_vs_forward", CsvTable.num(r.overheadVsForward()));
        m.put("status", r.status());
        m.put("note", r.note());
        m.put("forks", r.forks() == null ? "" : r.forks().toString());
        m.put("iterations", r.iterations() == null ? "" : r.iterations().toString());
        m.put("host", r.host());
        m.put("cpu", r.cpu());
        m.put("cores", r.cores() <= 0 ? "" : Integer.toString(r.cores()));
        m.put("gpu", r.gpu());
        m.put("java_version", r.javaVersion());
        m.put("tf_version", r.tfVersion());
        m.put("jvm_args", r.jvmArgs());
        m.put("overhead_lo", CsvTable.num(r.overheadLo()));
        m.put("overhead_hi", CsvTable.num(r.overheadHi()));
        m.put("calibration_gflops", CsvTable.num(r.calibrationGflops()));
        return m;
    }

    static PerformanceRow fromMap(Map<String, String> m, Path file, int line) {
        AccuracyCsv.Cells c = new AccuracyCsv.Cells(m, file, line);
        String schema = c.s("schema_version");
        RunInfo run = new RunInfo(c.s("run_id"), c.s("timestamp_utc"), c.s("suite_version"), c.s("git_commit"), c.s("host"),
                c.s("cpu"), c.i("cores"), c.s("gpu"), c.s("java_version"), c.s("tf_version"));
        PerformanceRow.Key key = new PerformanceRow.Key(c.s("benchmark"), c.s("model"), c.s("detector"), c.s("batch_size"),
                c.s("device"), c.s("threads"));
        PerformanceRow.Timing timing = new PerformanceRow.Timing(c.d("score"), c.d("score_error"),
                c.s("unit").isEmpty() && !Double.isNaN(c.d("score")) ? "ms/op" : c.s("unit"), c.boxed("forks"),
                c.boxed("iterations"));
        return new PerformanceRow(schema.isEmpty() ? SCHEMA_VERSION : schema, run, key, c.s("mode"), timing,
                c.d("images_per_s"), new PerformanceRow.Overhead(c.d("overhead_vs_forward"), c.d("overhead_lo"),
                c.d("overhead_hi")), c.s("status"), c.s("note"), c.s("jvm_args"), c.d("calibration_gflops"));
    }
}
