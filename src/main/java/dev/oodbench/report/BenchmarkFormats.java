package dev.oodbench.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One version's absolute results in the formats of the dashboards people track benchmarks with, so
 * that the dashboard's own history and thresholds work on them. Every run, {@code bench}, {@code ab}
 * and {@code compare} alike, exports the same names and measures:
 * <ul>
 * <li>{@code latency}: ms per batch (Bencher: ns), smaller is better, with the timing's 99% interval;
 * <li>{@code throughput}: images per second, bigger is better, the same interval inverted;
 * <li>{@code auroc} (bigger is better) and {@code fpr95} (smaller is better), fractions, with their bootstrap 95% intervals.
 * </ul>
 * Names: a speed row is {@code benchmark model detector b=<batch> device t=<threads>} (as {@code compare}
 * prints it, {@code -} for an empty part), a quality row {@code model detector id -> ood}.
 *
 * <p>Formats:
 * <ul>
 * <li>{@code github-action-benchmark}: its {@code customSmallerIsBetter} and {@code customBiggerIsBetter}
 *     tools each read one JSON array of {@code {name, unit, value, range?, extra?}} (its {@code src/extract.ts}),
 *     so two files: {@code <stem>.github-action-benchmark.smaller.json} (latency, FPR95) and
 *     {@code ...bigger.json} (throughput, AUROC); a measure's name is appended to the benchmark's;
 * <li>{@code bencher}: Bencher Metric Format, {@code {benchmark: {measure: {value, lower_value, upper_value}}}}
 *     ({@code bencher_json}'s {@code JsonNewMetric}; the built-in {@code latency} measure is in nanoseconds,
 *     {@code throughput} in operations per second); one file {@code <stem>.bencher.json}.
 * </ul>
 */
public final class BenchmarkFormats {
    public static final String GITHUB_ACTION_BENCHMARK = "github-action-benchmark";
    public static final String BENCHER = "bencher";
    public static final List<String> NAMES = List.of(GITHUB_ACTION_BENCHMARK, BENCHER);
    /** The confidence of the exported timing intervals. */
    public static final double TIMING_CONFIDENCE = 0.99;
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** One measured value of one version with its interval (NaN bounds when there is none). */
    public record Entry(String name, String measure, String unit, double value, double lo, double hi, boolean biggerIsBetter,
                        String extra) {}

    private BenchmarkFormats() {}

    /** Fails with one line naming the known formats unless {@code format} is one. */
    public static void check(String format) {
        if (!NAMES.contains(format)) {
            throw new IllegalArgumentException("unknown format '" + format + "'; known: " + String.join(", ", NAMES));
        }
    }

    /** Checks the format; for a format with one file, its text; for github-action-benchmark, the smaller-is-better file. */
    public static String render(String format, List<Entry> entries) {
        check(format);
        return files(format, "x", entries).values().iterator().next();
    }

    /** File name -> content of {@code format} for {@code entries}, named from {@code stem} (e.g. {@code bench}). */
    public static Map<String, String> files(String format, String stem, List<Entry> entries) {
        check(format);
        Map<String, String> out = new LinkedHashMap<>();
        if (format.equals(BENCHER)) {
            out.put(stem + ".bencher.json", bencher(entries));
        } else {
            out.put(stem + ".github-action-benchmark.smaller.json", githubActionBenchmark(entries, false));
            out.put(stem + ".github-action-benchmark.bigger.json", githubActionBenchmark(entries, true));
        }
        return out;
    }

    /** The names of the files {@code format} writes for {@code stem}. */
    public static List<String> fileNames(String format, String stem) {
        return new ArrayList<>(files(format, stem, List.of()).keySet());
    }

    /** Writes {@code format}'s files into {@code dir} atomically; returns them. */
    public static List<Path> write(Path dir, String stem, String format, List<Entry> entries) throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> f : files(format, stem, entries).entrySet()) {
            Path p = dir.resolve(f.getKey());
            AtomicFiles.writeString(p, f.getValue());
            written.add(p);
        }
        return written;
    }

    static String githubActionBenchmark(List<Entry> entries, boolean bigger) {
        JsonArray a = new JsonArray();
        for (Entry e : entries) {
            if (e.biggerIsBetter() != bigger || !Double.isFinite(e.value())) continue;
            JsonObject o = new JsonObject();
            o.addProperty("name", e.name() + " " + e.measure());
            o.addProperty("unit", e.unit());
            o.addProperty("value", e.value());
            if (Double.isFinite(e.lo()) && Double.isFinite(e.hi())) {
                o.addProperty("range", String.format(Locale.ROOT, "%.6g..%.6g", e.lo(), e.hi()));
            }
            if (!e.extra().isEmpty()) o.addProperty("extra", e.extra());
            a.add(o);
        }
        return GSON.toJson(a) + "\n";
    }

    static String bencher(List<Entry> entries) {
        JsonObject root = new JsonObject();
        for (Entry e : entries) {
            if (!Double.isFinite(e.value())) continue;
            JsonObject bench = root.has(e.name()) ? root.getAsJsonObject(e.name()) : new JsonObject();
            JsonObject m = new JsonObject();
            double scale = e.measure().equals("latency") ? nanos(e.unit()) : 1;
            m.addProperty("value", e.value() * scale);
            if (Double.isFinite(e.lo()) && Double.isFinite(e.hi())) {
                m.addProperty("lower_value", e.lo() * scale);
                m.addProperty("upper_value", e.hi() * scale);
            }
            bench.add(e.measure(), m);
            root.add(e.name(), bench);
        }
        return GSON.toJson(root) + "\n";
    }

    private static double nanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            default -> throw new IllegalArgumentException("latency in unknown unit " + unit);
        };
    }

    // ---------------------------------------------------------------- what a version measured

    /** A run's entries: latency and throughput per speed row that ran, AUROC and FPR95 per quality row that ran. */
    public static List<Entry> entries(RunData run) {
        return entries(run.performance(), run.accuracy(), run.samples());
    }

    /** The same from rows: {@code samples} are the raw JMH iterations per row (may be empty). */
    public static List<Entry> entries(List<PerformanceRow> perf, List<AccuracyRow> acc, Map<PerformanceRow.Key, double[]> samples) {
        List<Entry> out = new ArrayList<>();
        for (PerformanceRow r : perf) {
            if (!r.ok()) continue;
            Compare.Timing t = Compare.timing(r, samples.get(r.key()));
            if (!(t.mean() > 0) || !Double.isFinite(t.mean())) continue;
            double[] iv = t.interval(TIMING_CONFIDENCE);
            speed(out, speedName(Compare.speedKey(r.key())), t.mean(), iv[0], iv[1], r.batch(), t.source());
        }
        for (AccuracyRow a : acc) {
            if (!a.ok() || Double.isNaN(a.auroc())) continue;
            String name = String.join(" ", a.model(), a.detector(), a.idDataset() + " -> " + a.oodDataset());
            String extra = "n_id " + a.nId() + ", n_ood " + a.nOod();
            // bounds stored with float round-off can sit a hair on the wrong side of the value: they hold it
            out.add(new Entry(name, "auroc", "fraction", a.auroc(), Math.min(a.aurocLo(), a.auroc()), Math.max(a.aurocHi(), a.auroc()),
                    true, extra));
            if (!Double.isNaN(a.fpr95())) {
                out.add(new Entry(name, "fpr95", "fraction", a.fpr95(), Math.min(a.fpr95Lo(), a.fpr95()),
                        Math.max(a.fpr95Hi(), a.fpr95()), false, extra));
            }
        }
        return out;
    }

    /**
     * The candidate's side of a comparison ({@code ab}): latency and throughput per speed row, from the
     * candidate's time; no per-version interval (the comparison's interval is of the ratio, named in extra).
     */
    public static List<Entry> candidate(Compare.Result r) {
        List<Entry> out = new ArrayList<>();
        for (Compare.Row x : r.rows()) {
            if (!x.kind().equals("speed") || !(x.candidate() > 0)) continue;
            int batch;
            try {
                batch = Integer.parseInt(x.key().getOrDefault("batch_size", ""));
            } catch (NumberFormatException e) {
                batch = -1;
            }
            String extra = Double.isFinite(x.change()) ? String.format(Locale.ROOT, "x%.3f vs baseline (%.3f..%.3f), %s",
                    x.change(), x.lo(), x.hi(), x.verdict()) : x.verdict();
            speed(out, speedName(x.key()), x.candidate() / 1e3, Double.NaN, Double.NaN, batch, extra);
        }
        return out;
    }

    private static void speed(List<Entry> out, String name, double seconds, double lo, double hi, int batch, String extra) {
        out.add(new Entry(name, "latency", "ms", seconds * 1e3, lo * 1e3, hi * 1e3, false, extra));
        if (batch > 0) {
            out.add(new Entry(name, "throughput", "images/s", batch / seconds, batch / hi, batch / lo, true, extra));
        }
    }

    /** The one name of a speed row everywhere: {@code benchmark model detector b=<batch> device t=<threads>}. */
    public static String speedName(Map<String, String> key) {
        return new Compare.Row("speed", "time", key, 0, 0, 0, 0, 0, "", "").keyText();
    }
}
