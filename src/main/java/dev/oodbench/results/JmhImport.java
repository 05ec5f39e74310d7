package dev.oodbench.results;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * JMH's JSON result file ({@code -rf json}, as written by {@code Runner}) into performance rows. The
 * file is an array of objects, one per benchmark x parameter combination, with {@code benchmark}
 * (e.g. {@code dev.oodbench.bench.ScoreBenchmark.score}), {@code mode}, {@code forks},
 * {@code measurementIterations}, {@code jvmArgs}, {@code params} (model, detector, batchSize, device,
 * threads) and {@code primaryMetric} (score, scoreError, scoreUnit, rawData: per fork, per iteration).
 *
 * <ul>
 * <li>{@code benchmark} = the method name ({@code score}, {@code forward}, {@code fit}, {@code pipeline});
 * <li>{@code threads} = the {@code threads} parameter (TensorFlow threads), else JMH's worker threads;
 * <li>{@code images_per_s} = batchSize / (score in seconds), for benchmarks with a batch size other than {@code fit};
 * <li>{@code overhead_vs_forward}: see {@link PerformanceCsv#withOverheads};
 * <li>the raw per-iteration samples stay available through {@link Entry#samples()} and {@link #samples(Path)}.
 * </ul>
 *
 * <p>The benchmark runner's whole job after JMH:
 * <pre>{@code
 * List<PerformanceRow> notRun = List.of(PerformanceRow.skipped(run, "score", "cifar10-resnet20", "vim", "256", "gpu", "0",
 *         "no GPU visible to TensorFlow on this machine"));
 * JmhImport.writeRun(runDir, run, notRun);   // reads runDir/jmh.json, writes runDir/performance.csv atomically
 * run.write(runDir);                          // run.properties
 * }</pre>
 */
public final class JmhImport {
    /** The JMH JSON file's name in a run folder. */
    public static final String FILE_NAME = "jmh.json";

    /** One JMH result: its row (without overhead) and its raw measurements, {@code rawData[fork][iteration]}, in the row's unit. */
    public record Entry(PerformanceRow row, double[][] rawData) {
        /** Every measurement iteration of every fork, in the row's unit. */
        public double[] samples() {
            int n = 0;
            for (double[] f : rawData) n += f.length;
            double[] s = new double[n];
            int k = 0;
            for (double[] f : rawData) for (double v : f) s[k++] = v;
            return s;
        }
    }

    private JmhImport() {}

    /** Reads a JMH JSON file into entries (rows carry {@code run}'s identity and machine; null for unknown). */
    public static List<Entry> read(Path json, RunInfo run) throws IOException {
        if (!Files.isRegularFile(json)) throw new FileNotFoundException(json + ": file not found");
        JsonElement doc;
        try (JsonReader r = new JsonReader(Files.newBufferedReader(json))) {
            r.setStrictness(Strictness.LENIENT); // JMH may write NaN / Infinity as bare tokens
            doc = JsonParser.parseReader(r);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(json + ": not a JMH JSON result file (" + e.getMessage() + ")");
        }
        if (!doc.isJsonArray()) {
            throw new IllegalArgumentException(json + ": not a JMH JSON result file (expected an array of results)");
        }
        RunInfo info = run != null ? run : RunInfo.unknown(json.toAbsolutePath().getParent() == null ? "jmh"
                : json.toAbsolutePath().getParent().getFileName().toString());
        List<Entry> out = new ArrayList<>();
        int index = 0;
        for (JsonElement o : doc.getAsJsonArray()) {
            index++;
            if (!o.isJsonObject() || !o.getAsJsonObject().has("benchmark") || !o.getAsJsonObject().has("primaryMetric")) {
                throw new IllegalArgumentException(json + ": result " + index + " has no benchmark or primaryMetric; "
                        + "is it JMH's JSON format?");
            }
            try {
                out.add(entry(o.getAsJsonObject(), info));
            } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException e) {
                throw new IllegalArgumentException(json + ": result " + index + " is malformed (" + e.getMessage() + ")");
            }
        }
        return out;
    }

    private static Entry entry(JsonObject b, RunInfo run) {
        String fqn = string(b.get("benchmark"));
        String method = fqn.substring(fqn.lastIndexOf('.') + 1);
        JsonObject params = b.has("params") ? b.getAsJsonObject("params") : new JsonObject();
        JsonObject primary = b.getAsJsonObject("primaryMetric");
        double score = number(primary.get("score"));
        double error = number(primary.get("scoreError"));
        String unit = string(primary.get("scoreUnit"));
        String batch = string(params.get("batchSize"));
        String threads = params.has("threads") ? string(params.get("threads")) : string(b.get("threads"));
        JsonArray forks = primary.has("rawData") ? primary.getAsJsonArray("rawData") : new JsonArray();
        double[][] raw = new double[forks.size()][];
        for (int f = 0; f < raw.length; f++) {
            JsonArray it = forks.get(f).getAsJsonArray();
            raw[f] = new double[it.size()];
            for (int k = 0; k < raw[f].length; k++) raw[f][k] = number(it.get(k));
        }
        List<String> jvmArgs = new ArrayList<>();
        if (b.has("jvmArgs")) b.getAsJsonArray("jvmArgs").forEach(a -> jvmArgs.add(string(a)));
        PerformanceRow row = new PerformanceRow(PerformanceCsv.SCHEMA_VERSION, run,
                new PerformanceRow.Key(method, string(params.get("model")), string(params.get("detector")), batch,
                        string(params.get("device")), threads), string(b.get("mode")),
                new PerformanceRow.Timing(score, error, unit, intOrNull(b.get("forks")), intOrNull(b.get("measurementIterations"))),
                imagesPerSecond(method, batch, score, unit), PerformanceRow.Overhead.NONE, PerformanceRow.OK, "",
                String.join(" ", jvmArgs), Double.NaN);
        return new Entry(row, raw);
    }

    /** A JSON value as text: "" when absent or null. */
    static String string(JsonElement v) {
        return v == null || v.isJsonNull() ? "" : v.getAsString();
    }

    /** A JSON number, or JMH's "NaN" / "+INF" / "-INF" strings; NaN when absent or null. */
    static double number(JsonElement v) {
        if (v == null || v.isJsonNull()) return Double.NaN;
        if (v.isJsonPrimitive() && v.getAsJsonPrimitive().isString()) {
            switch (v.getAsString()) {
                case "NaN": return Double.NaN;
                case "+INF": case "INF": case "Infinity": return Double.POSITIVE_INFINITY;
                case "-INF": case "-Infinity": return Double.NEGATIVE_INFINITY;
                default: return Double.parseDouble(v.getAsString());
            }
        }
        return v.getAsDouble();
    }

    /** batch size / seconds per batch; NaN for fit rows, rows without a batch size, or unknown units. */
    static double imagesPerSecond(String benchmark, String batchSize, double score, String unit) {
        if (benchmark.equals("fit") || batchSize.isBlank()) return Double.NaN;
        double b;
        try {
            b = Double.parseDouble(batchSize.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
        return b / PerformanceRow.secondsPerOp(score, unit);
    }

    private static Integer intOrNull(JsonElement v) {
        double d = number(v);
        return Double.isNaN(d) ? null : (int) d;
    }

    /**
     * The performance rows of a JMH JSON file plus the rows the caller adds (skipped or failed
     * combinations), with overheads computed over all of them. {@code extra} rows whose key JMH
     * measured are dropped (the measurement wins).
     */
    public static List<PerformanceRow> rows(Path json, RunInfo run, List<PerformanceRow> extra) throws IOException {
        List<PerformanceRow> rows = new ArrayList<>();
        for (Entry e : read(json, run)) rows.add(e.row());
        var measured = rows.stream().map(PerformanceRow::key).collect(Collectors.toSet());
        for (PerformanceRow r : extra) if (!measured.contains(r.key())) rows.add(r);
        return PerformanceCsv.withOverheads(rows);
    }

    /**
     * For a run folder: reads {@code runDir/jmh.json} (when present), adds {@code notRun}, writes
     * {@code runDir/performance.csv} atomically and returns its rows.
     */
    public static List<PerformanceRow> writeRun(Path runDir, RunInfo run, List<PerformanceRow> notRun) throws IOException {
        return writeRun(runDir, run, notRun, List.of(), Map.of());
    }

    /**
     * {@link #writeRun(Path, RunInfo, List)} with rows measured outside JMH ({@code measured}, which
     * win over not-run rows of the same key) and each JMH row's calibration rate, looked up by
     * {@link #calibrationKey}.
     */
    public static List<PerformanceRow> writeRun(Path runDir, RunInfo run, List<PerformanceRow> notRun,
                                                List<PerformanceRow> measured, Map<String, Double> calibration)
            throws IOException {
        Path json = runDir.resolve(FILE_NAME);
        var have = measured.stream().map(PerformanceRow::key).collect(Collectors.toSet());
        List<PerformanceRow> extra = new ArrayList<>(measured);
        for (PerformanceRow r : notRun) if (!have.contains(r.key())) extra.add(r);
        List<PerformanceRow> rows = Files.isRegularFile(json) ? rows(json, run, extra) : PerformanceCsv.withOverheads(extra);
        List<PerformanceRow> out = new ArrayList<>(rows.size());
        for (PerformanceRow r : rows) {
            Double g = calibration.get(calibrationKey(r));
            out.add(g == null || !Double.isNaN(r.calibrationGflops()) ? r : r.withCalibration(g));
        }
        PerformanceCsv.write(runDir.resolve(PerformanceCsv.FILE_NAME), out);
        return out;
    }

    /** {@code method;param=value;...} with the row's JMH parameters sorted by name (what the forks' calibration lines carry). */
    public static String calibrationKey(PerformanceRow r) {
        TreeMap<String, String> p = new TreeMap<>();
        p.put("model", r.model());
        p.put("device", r.device());
        p.put("threads", r.threads());
        if (!r.detector().isEmpty()) p.put("detector", r.detector());
        if (!r.batchSize().isEmpty()) p.put("batchSize", r.batchSize());
        StringBuilder sb = new StringBuilder(r.benchmark());
        p.forEach((k, v) -> sb.append(';').append(k).append('=').append(v));
        return sb.toString();
    }

    /** The raw samples of each measured combination (in its row's unit), by key. */
    public static Map<PerformanceRow.Key, double[]> samples(Path json) throws IOException {
        Map<PerformanceRow.Key, double[]> m = new LinkedHashMap<>();
        for (Entry e : read(json, null)) m.put(e.row().key(), e.samples());
        return m;
    }
}
