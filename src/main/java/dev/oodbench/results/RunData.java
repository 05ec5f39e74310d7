package dev.oodbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run as read back: its folder's run.properties (when present), performance.csv and
 * accuracy.csv, either of which may be absent. A single CSV file stands for a run too.
 */
public record RunData(Path source, RunInfo info, CsvTable performance, CsvTable accuracy) {

    public static RunData read(Path source) throws IOException {
        if (!Files.exists(source)) {
            throw new java.io.FileNotFoundException(source + ": no such run folder or CSV file");
        }
        if (Files.isRegularFile(source)) {
            CsvTable t = CsvTable.read(source);
            boolean perf = t.columns().contains("benchmark");
            CsvTable checked = t.require(perf ? PerformanceCsv.REQUIRED : AccuracyCsv.REQUIRED, source);
            return new RunData(source, null, perf ? checked : null, perf ? null : checked);
        }
        RunInfo info = Files.isRegularFile(source.resolve("run.properties")) ? RunInfo.read(source) : null;
        Path p = source.resolve("performance.csv");
        Path a = source.resolve("accuracy.csv");
        if (!Files.isRegularFile(p) && !Files.isRegularFile(a)) {
            throw new java.io.FileNotFoundException(source + ": holds neither performance.csv nor accuracy.csv; "
                    + "pass a results/runs/<run-id> folder");
        }
        return new RunData(source, info,
                Files.isRegularFile(p) ? CsvTable.read(p).require(PerformanceCsv.REQUIRED, p) : null,
                Files.isRegularFile(a) ? CsvTable.read(a).require(AccuracyCsv.REQUIRED, a) : null);
    }

    /** The run's hardware from run.properties or, failing that, the first CSV row. */
    public String hardware() {
        if (info != null) return info.hardware();
        CsvTable t = performance != null ? performance : accuracy;
        if (t == null || t.rows().isEmpty()) return "unknown";
        var r = t.rows().get(0);
        return r.get("host") + " / " + r.get("cpu") + " / GPU " + r.get("gpu");
    }

    public String label() {
        return info != null ? info.runId() : source.getFileName().toString();
    }
}
