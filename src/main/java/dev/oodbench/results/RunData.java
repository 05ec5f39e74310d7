package dev.oodbench.results;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run as read back. From a run folder ({@code results/runs/<run-id>}): {@code run.properties}
 * (when present), {@code performance.csv} (or, without it, the rows imported from
 * {@code jmh.json}), {@code accuracy.csv}, and the raw JMH samples of {@code jmh.json} when present;
 * any one of the result files is enough. A single {@code performance.csv}-like or
 * {@code accuracy.csv}-like CSV file, or a JMH JSON file, stands for a run too. Bad input (no such
 * path, nothing readable, wrong columns) is an exception with a one-line message.
 *
 * @param info      run.properties; null when absent
 * @param samples   raw JMH measurements per combination, in the matching row's unit; empty without jmh.json
 */
public record RunData(Path source, RunInfo info, List<PerformanceRow> performance, List<AccuracyRow> accuracy,
                      Map<PerformanceRow.Key, double[]> samples) {

    public RunData {
        performance = List.copyOf(performance);
        accuracy = List.copyOf(accuracy);
        samples = Map.copyOf(samples);
    }

    public static RunData read(Path source) throws IOException {
        if (!Files.exists(source)) {
            throw new FileNotFoundException(source + ": no such run folder or file");
        }
        if (Files.isRegularFile(source)) return readFile(source);
        if (RunInfo.incomplete(source)) {
            throw new IllegalArgumentException(source + ": an unfinished run (it holds " + RunInfo.INCOMPLETE + ": still "
                    + "running, or stopped, killed or out of disk space before it finished); run it again, or delete the folder");
        }
        RunInfo info = Files.isRegularFile(source.resolve(RunInfo.FILE_NAME)) ? RunInfo.read(source) : null;
        Path p = source.resolve(PerformanceCsv.FILE_NAME);
        Path a = source.resolve(AccuracyCsv.FILE_NAME);
        Path j = source.resolve(JmhImport.FILE_NAME);
        if (!Files.isRegularFile(p) && !Files.isRegularFile(a) && !Files.isRegularFile(j)) {
            throw new FileNotFoundException(source + ": holds none of performance.csv, accuracy.csv, jmh.json; "
                    + "pass a results/runs/<run-id> folder or one of those files");
        }
        List<JmhImport.Entry> jmh = Files.isRegularFile(j) ? JmhImport.read(j, info) : List.of();
        List<PerformanceRow> perf = Files.isRegularFile(p) ? PerformanceCsv.read(p)
                : PerformanceCsv.withOverheads(jmh.stream().map(JmhImport.Entry::row).toList());
        List<AccuracyRow> acc = Files.isRegularFile(a) ? AccuracyCsv.read(a) : List.of();
        return new RunData(source, info, perf, acc, samples(jmh));
    }

    private static RunData readFile(Path f) throws IOException {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            List<JmhImport.Entry> jmh = JmhImport.read(f, null);
            return new RunData(f, null, PerformanceCsv.withOverheads(jmh.stream().map(JmhImport.Entry::row).toList()),
                    List.of(), samples(jmh));
        }
        CsvTable t = CsvTable.read(f);
        if (t.columns().contains("benchmark")) {
            return new RunData(f, null, PerformanceCsv.read(f), List.of(), Map.of());
        }
        if (t.columns().contains("auroc") || t.columns().contains("ood_dataset")) {
            return new RunData(f, null, List.of(), AccuracyCsv.read(f), Map.of());
        }
        throw new IllegalArgumentException(f + ": neither a performance CSV (no 'benchmark' column) nor an accuracy "
                + "CSV (no 'auroc' column); its columns are " + t.columns());
    }

    private static Map<PerformanceRow.Key, double[]> samples(List<JmhImport.Entry> jmh) {
        Map<PerformanceRow.Key, double[]> m = new LinkedHashMap<>();
        for (JmhImport.Entry e : jmh) m.put(e.row().key(), e.samples());
        return m;
    }

    /** A short name: the run id, else the file or folder name. */
    public String label() {
        if (info != null && !info.runId().isEmpty()) return info.runId();
        if (!performance.isEmpty() && !performance.get(0).runId().isEmpty()) return performance.get(0).runId();
        if (!accuracy.isEmpty() && !accuracy.get(0).run().runId().isEmpty()) return accuracy.get(0).run().runId();
        Path n = source.toAbsolutePath().normalize().getFileName();
        return n == null ? source.toString() : n.toString();
    }

    public String host() {
        return field(info == null ? "" : info.host(), 0);
    }

    public String cpu() {
        return field(info == null ? "" : info.cpu(), 1);
    }

    public String gpu() {
        return field(info == null ? "" : info.gpu(), 2);
    }

    public int cores() {
        if (info != null && info.cores() > 0) return info.cores();
        return performance.isEmpty() ? 0 : performance.get(0).cores();
    }

    public String suiteVersion() {
        if (info != null && !info.suiteVersion().isEmpty()) return info.suiteVersion();
        if (!performance.isEmpty()) return performance.get(0).suiteVersion();
        return accuracy.isEmpty() ? "" : accuracy.get(0).run().suiteVersion();
    }

    public String gitCommit() {
        if (info != null && !info.gitCommit().isEmpty()) return info.gitCommit();
        if (!performance.isEmpty()) return performance.get(0).gitCommit();
        return accuracy.isEmpty() ? "" : accuracy.get(0).run().gitCommit();
    }

    /** ISO-8601 UTC start time; empty when unknown. */
    public String timestampUtc() {
        if (info != null && !info.timestampUtc().isEmpty()) return info.timestampUtc();
        if (!performance.isEmpty()) return performance.get(0).timestampUtc();
        return accuracy.isEmpty() ? "" : accuracy.get(0).run().timestampUtc();
    }

    /** host, CPU or GPU from run.properties, else from the first row that names it. */
    private String field(String fromInfo, int which) {
        if (fromInfo != null && !fromInfo.isEmpty()) return fromInfo;
        for (PerformanceRow r : performance) {
            String v = which == 0 ? r.host() : which == 1 ? r.cpu() : r.gpu();
            if (!v.isEmpty()) return v;
        }
        for (AccuracyRow r : accuracy) {
            String v = which == 0 ? r.run().host() : which == 1 ? r.run().cpu() : r.run().gpu();
            if (!v.isEmpty()) return v;
        }
        return "";
    }

    /** The run's machine in one line: host / CPU xcores / GPU. */
    public String hardware() {
        int c = cores();
        return or(host()) + " / " + or(cpu()) + (c > 0 ? " x" + c : "") + " / GPU " + or(gpu());
    }

    private static String or(String s) {
        return s.isEmpty() ? "?" : s;
    }
}
