package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchmarkFormatsTest {
    private static final List<BenchmarkFormats.Entry> ENTRIES = List.of(
            new BenchmarkFormats.Entry("forward m b=256", "latency", "ms", 12.5, 12.0, 13.0, "avgt"),
            new BenchmarkFormats.Entry("score m knn b=8", "ratio", "x", 1.08, 1.06, 1.10, "regression"),
            new BenchmarkFormats.Entry("head m mls b=8", "latency", "ms", 0.2, Double.NaN, Double.NaN, ""));

    @Test
    void githubActionBenchmarkIsAnArrayOfNameUnitValue() {
        JsonArray a = JsonParser.parseString(BenchmarkFormats.render("github-action-benchmark", ENTRIES)).getAsJsonArray();
        assertEquals(3, a.size());
        JsonObject first = a.get(0).getAsJsonObject();
        assertEquals("forward m b=256", first.get("name").getAsString(), "names keep '=' unescaped");
        assertEquals("ms", first.get("unit").getAsString());
        assertEquals(12.5, first.get("value").getAsDouble());
        assertEquals("12.00..13.00", first.get("range").getAsString());
        assertEquals("score m knn b=8 (ratio)", a.get(1).getAsJsonObject().get("name").getAsString());
        assertFalse(a.get(2).getAsJsonObject().has("range"), "no interval, no range");
    }

    @Test
    void bencherMetricFormatKeysBenchmarksAndMeasuresWithLatencyInNanoseconds() {
        JsonObject o = JsonParser.parseString(BenchmarkFormats.render("bencher", ENTRIES)).getAsJsonObject();
        JsonObject latency = o.getAsJsonObject("forward m b=256").getAsJsonObject("latency");
        assertEquals(12.5e6, latency.get("value").getAsDouble(), 1e-6);
        assertEquals(12.0e6, latency.get("lower_value").getAsDouble(), 1e-6);
        assertEquals(13.0e6, latency.get("upper_value").getAsDouble(), 1e-6);
        JsonObject ratio = o.getAsJsonObject("score m knn b=8").getAsJsonObject("ratio");
        assertEquals(1.08, ratio.get("value").getAsDouble(), 1e-12);
        assertTrue(!o.getAsJsonObject("head m mls b=8").getAsJsonObject("latency").has("lower_value"));
    }

    @Test
    void unknownFormatsAreRejectedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BenchmarkFormats.render("csv", ENTRIES));
        assertTrue(e.getMessage().contains("github-action-benchmark") && e.getMessage().contains("bencher"), e.getMessage());
    }
}
