package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.oodbench.results.RunData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard exports of a real run (the committed baseline), checked against what the two tools'
 * parsers require:
 * <ul>
 * <li>github-action-benchmark {@code src/extract.ts} (v1.22.0): {@code customSmallerIsBetter} /
 *     {@code customBiggerIsBetter} read the file with {@code z.array(z.object({name: z.coerce.string(),
 *     value: z.coerce.number(), range: z.coerce.string().optional(), unit: z.coerce.string(),
 *     extra: z.coerce.string().optional()}))} and refuse an empty array ("No benchmark result was found");
 *     zod's number refuses NaN, so every value must be a finite JSON number;
 * <li>Bencher {@code bencher_json} {@code JsonResultsMap = HashMap<BenchmarkName, HashMap<MeasureNameId,
 *     JsonNewMetric>>}, {@code JsonNewMetric {value: f64, lower_value: Option<f64>, upper_value: Option<f64>}};
 *     {@code BenchmarkName} is 1 to 1,024 bytes; the built-in measures are {@code latency} (nanoseconds) and
 *     {@code throughput} (operations per second).
 * </ul>
 */
class BenchmarkFormatsTest {
    private static final Path BASELINE = Path.of("results/baseline");

    @TempDir
    Path dir;

    private static List<BenchmarkFormats.Entry> baselineEntries() throws IOException {
        return BenchmarkFormats.entries(RunData.read(BASELINE));
    }

    /** The structure github-action-benchmark's custom tools accept, checked field by field. */
    private static JsonArray githubActionBenchmarkArray(String json) {
        JsonElement e = JsonParser.parseString(json);
        assertTrue(e.isJsonArray(), "an array of entries");
        JsonArray a = e.getAsJsonArray();
        assertTrue(a.size() > 0, "an empty array is refused ('No benchmark result was found')");
        for (JsonElement x : a) {
            JsonObject o = x.getAsJsonObject();
            assertTrue(o.get("name").getAsJsonPrimitive().isString() && !o.get("name").getAsString().isEmpty(), o.toString());
            assertTrue(o.get("unit").getAsJsonPrimitive().isString(), o.toString());
            assertTrue(o.get("value").getAsJsonPrimitive().isNumber() && Double.isFinite(o.get("value").getAsDouble()), o.toString());
            if (o.has("range")) assertTrue(o.get("range").getAsJsonPrimitive().isString(), o.toString());
            if (o.has("extra")) assertTrue(o.get("extra").getAsJsonPrimitive().isString(), o.toString());
            Set<String> allowed = Set.of("name", "unit", "value", "range", "extra");
            assertTrue(allowed.containsAll(o.keySet()), "only the fields extract.ts reads: " + o.keySet());
        }
        return a;
    }

    /** The structure Bencher's JsonResultsMap accepts, and intervals that hold the value. */
    private static JsonObject bencherMap(String json) {
        JsonObject root = JsonParser.parseString(json).getAsJsonObject();
        assertTrue(root.size() > 0);
        for (Map.Entry<String, JsonElement> b : root.entrySet()) {
            assertTrue(!b.getKey().isEmpty() && b.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 1024, b.getKey());
            JsonObject measures = b.getValue().getAsJsonObject();
            assertTrue(measures.size() > 0);
            for (Map.Entry<String, JsonElement> m : measures.entrySet()) {
                assertFalse(m.getKey().isEmpty());
                JsonObject metric = m.getValue().getAsJsonObject();
                assertTrue(Set.of("value", "lower_value", "upper_value").containsAll(metric.keySet()), metric.toString());
                double v = metric.get("value").getAsDouble();
                assertTrue(Double.isFinite(v), metric.toString());
                assertEquals(metric.has("lower_value"), metric.has("upper_value"), "both bounds or neither: " + metric);
                if (metric.has("lower_value")) {
                    double lo = metric.get("lower_value").getAsDouble();
                    double hi = metric.get("upper_value").getAsDouble();
                    assertTrue(lo <= v && v <= hi, b.getKey() + " " + m.getKey() + ": " + metric);
                    if (m.getKey().equals("latency")) assertTrue(lo > 0, "a real interval, not an invented 0: " + metric);
                }
            }
        }
        return root;
    }

    @Test
    void aRunExportsLatencyThroughputAurocAndFpr95WithTheirIntervals() throws IOException {
        List<BenchmarkFormats.Entry> e = baselineEntries();
        Set<String> measures = e.stream().map(BenchmarkFormats.Entry::measure).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("auroc", "fpr95", "latency", "throughput"), measures);
        BenchmarkFormats.Entry fwd = e.stream().filter(x -> x.name().equals("forward mnist04-convnet - b=256 cpu t=0")
                && x.measure().equals("latency")).findFirst().orElseThrow();
        BenchmarkFormats.Entry thr = e.stream().filter(x -> x.name().equals(fwd.name()) && x.measure().equals("throughput"))
                .findFirst().orElseThrow();
        assertEquals(256 / (fwd.value() / 1e3), thr.value(), 1e-6 * thr.value(), "throughput = batch / time");
        assertTrue(fwd.lo() < fwd.value() && fwd.value() < fwd.hi() && fwd.lo() > 0, fwd.toString());
        assertTrue(thr.lo() < thr.value() && thr.value() < thr.hi(), thr.toString());
        assertFalse(fwd.biggerIsBetter());
        assertTrue(thr.biggerIsBetter());
        assertTrue(e.stream().filter(x -> x.measure().equals("auroc")).allMatch(BenchmarkFormats.Entry::biggerIsBetter));
        assertTrue(e.stream().filter(x -> x.measure().equals("fpr95")).noneMatch(BenchmarkFormats.Entry::biggerIsBetter));
    }

    @Test
    void githubActionBenchmarkGetsOneFilePerDirectionInTheShapeExtractTsReads() throws IOException {
        Map<String, String> files = BenchmarkFormats.files("github-action-benchmark", "bench", baselineEntries());
        assertEquals(Set.of("bench.github-action-benchmark.smaller.json", "bench.github-action-benchmark.bigger.json"), files.keySet());
        JsonArray smaller = githubActionBenchmarkArray(files.get("bench.github-action-benchmark.smaller.json"));
        JsonArray bigger = githubActionBenchmarkArray(files.get("bench.github-action-benchmark.bigger.json"));
        Set<String> smallerUnits = new TreeSet<>();
        smaller.forEach(x -> smallerUnits.add(x.getAsJsonObject().get("unit").getAsString()));
        assertEquals(Set.of("ms", "fraction"), smallerUnits, "latency and FPR95 are smaller-is-better");
        assertTrue(bigger.asList().stream().allMatch(x -> x.getAsJsonObject().get("name").getAsString().endsWith(" throughput")
                || x.getAsJsonObject().get("name").getAsString().endsWith(" auroc")));
        Set<String> names = new TreeSet<>();
        smaller.forEach(x -> names.add(x.getAsJsonObject().get("name").getAsString()));
        assertEquals(smaller.size(), names.size(), "names are unique in a file (the dashboard keys its series by name)");
    }

    @Test
    void bencherGetsBuiltInMeasuresInTheirUnitsAndRealIntervals() throws IOException {
        List<BenchmarkFormats.Entry> e = baselineEntries();
        JsonObject root = bencherMap(BenchmarkFormats.files("bencher", "bench", e).get("bench.bencher.json"));
        BenchmarkFormats.Entry fwd = e.stream().filter(x -> x.name().equals("forward mnist04-convnet - b=256 cpu t=0")
                && x.measure().equals("latency")).findFirst().orElseThrow();
        JsonObject m = root.getAsJsonObject(fwd.name());
        assertEquals(fwd.value() * 1e6, m.getAsJsonObject("latency").get("value").getAsDouble(), 1e-3, "latency in ns");
        assertTrue(m.has("throughput"));
        assertTrue(root.keySet().stream().anyMatch(k -> k.contains(" -> ")), "quality rows are benchmarks too");
    }

    @Test
    void rowsWhoseErrorExceedsTheirValueKeepAPositiveLowerBound() throws IOException {
        // a row timed 0.2 +- 0.5 ms: a symmetric interval would go below zero; the log-scale one stays above it
        Path csv = dir.resolve("performance.csv");
        dev.oodbench.results.RunInfo info = dev.oodbench.results.Fixtures.info("r", "", "h", "none");
        dev.oodbench.results.PerformanceCsv.write(csv, List.of(dev.oodbench.results.Fixtures.perf(info, "head",
                "mnist04-convnet", "mls", 8, "cpu", 0.2, 0.5)));
        List<BenchmarkFormats.Entry> e = BenchmarkFormats.entries(RunData.read(csv));
        bencherMap(BenchmarkFormats.files("bencher", "x", e).get("x.bencher.json"));
        assertTrue(e.get(0).lo() > 0 && e.get(0).lo() < 0.2 && e.get(0).hi() > 0.2, e.get(0).toString());
    }

    @Test
    void benchAbAndCompareNameARowAlike() throws IOException {
        RunData run = RunData.read(BASELINE);
        Compare.Result self = new Compare(0.05, 0.005).compare(run, run);
        Set<String> fromCompare = BenchmarkFormats.candidate(self).stream().map(BenchmarkFormats.Entry::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> fromRun = BenchmarkFormats.entries(run).stream().filter(x -> x.measure().equals("latency"))
                .map(BenchmarkFormats.Entry::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(fromRun, fromCompare, "the same speed rows under the same names");
        assertTrue(fromRun.contains("score mnist04-convnet knn b=8 cpu t=0"), fromRun.toString());
    }

    @Test
    void filesAreWrittenUnderTheirNamesAndUnknownFormatsAreRefused() throws IOException {
        List<Path> written = BenchmarkFormats.write(dir, "compare", "bencher", baselineEntries());
        assertEquals(List.of(dir.resolve("compare.bencher.json")), written);
        assertTrue(Files.size(written.get(0)) > 1000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchmarkFormats.check("csv"));
        assertTrue(e.getMessage().contains("github-action-benchmark") && e.getMessage().contains("bencher"), e.getMessage());
    }
}
