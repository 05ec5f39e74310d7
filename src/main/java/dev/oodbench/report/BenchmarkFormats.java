package dev.oodbench.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Locale;

/**
 * Results in the formats of the dashboards people already use to track benchmarks in CI:
 * <ul>
 * <li>{@code github-action-benchmark}: the {@code customSmallerIsBetter} tool's JSON, an array of
 *     {@code {name, unit, value, range, extra}};
 * <li>{@code bencher}: Bencher Metric Format, {@code {benchmark: {measure: {value, lower_value, upper_value}}}}
 *     (the built-in {@code latency} measure is in nanoseconds).
 * </ul>
 */
public final class BenchmarkFormats {
    public static final List<String> NAMES = List.of("github-action-benchmark", "bencher");
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    /** One measured value, smaller is better, with its interval (NaN bounds when there is none). */
    public record Entry(String name, String measure, String unit, double value, double lo, double hi, String extra) {}

    private BenchmarkFormats() {}

    public static String render(String format, List<Entry> entries) {
        return switch (format) {
            case "github-action-benchmark" -> githubActionBenchmark(entries);
            case "bencher" -> bencher(entries);
            default -> throw new IllegalArgumentException("unknown format '" + format + "'; known: " + String.join(", ", NAMES));
        };
    }

    static String githubActionBenchmark(List<Entry> entries) {
        JsonArray a = new JsonArray();
        for (Entry e : entries) {
            JsonObject o = new JsonObject();
            o.addProperty("name", e.name() + (e.measure().equals("latency") ? "" : " (" + e.measure() + ")"));
            o.addProperty("unit", e.unit());
            o.addProperty("value", e.value());
            if (Double.isFinite(e.lo()) && Double.isFinite(e.hi())) {
                o.addProperty("range", String.format(Locale.ROOT, "%.4g..%.4g", e.lo(), e.hi()));
            }
            if (!e.extra().isEmpty()) o.addProperty("extra", e.extra());
            a.add(o);
        }
        return GSON.toJson(a) + "\n";
    }

    static String bencher(List<Entry> entries) {
        JsonObject root = new JsonObject();
        for (Entry e : entries) {
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

    /** The speed rows of a comparison (compare or ab) as ratio entries: candidate time / baseline time. */
    public static List<Entry> ratios(Compare.Result r) {
        return r.rows().stream().filter(x -> x.kind().equals("speed") && Double.isFinite(x.change()))
                .map(x -> new Entry(x.keyText(), "ratio", "x", x.change(), x.lo(), x.hi(), x.verdict())).toList();
    }
}
