package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The ab verdict rule on noise like this machine's: the per-round ratios of the committed A/A runs
 * ({@code results/ab/<time>-<commit>-vs-<same commit>/forks/*.jsonl}, every round of every row as
 * measured) are resampled into 1,000 simulated comparisons per case, each of as many rounds as a row
 * of those runs got. Same code on both sides: at most 1% false regressions. A 10% slowdown on one side:
 * caught in at least 95%.
 */
class SpeedVerdictSimulationTest {
    private static final Pattern AA = Pattern.compile(".*-([0-9a-f]{7})-vs-\\1(-\\d+)?");

    @Test
    void falseRegressionsAreRareAndATenPercentSlowdownIsCaught() throws IOException {
        List<double[]> rows = measuredRows();
        assertFalse(rows.isEmpty(), "no committed A/A ab run under results/ab");
        Random rnd = new Random(20261129);
        int runs = 1000;
        int falseRegressions = 0;
        int falseImprovements = 0;
        int caught = 0;
        for (int k = 0; k < runs; k++) {
            double[] pool = rows.get(k % rows.size());
            double[] aa = new double[pool.length];
            double[] ab = new double[pool.length];
            for (int i = 0; i < pool.length; i++) {
                double r = pool[rnd.nextInt(pool.length)];
                aa[i] = r;
                ab[i] = r * 1.10;
            }
            SpeedVerdict v = SpeedVerdict.of(PairedRatio.of(aa, 0.99), SpeedVerdict.DEFAULT_SLOWER);
            if (v == SpeedVerdict.REGRESSION) falseRegressions++;
            if (v == SpeedVerdict.IMPROVEMENT) falseImprovements++;
            if (SpeedVerdict.of(PairedRatio.of(ab, 0.99), SpeedVerdict.DEFAULT_SLOWER) == SpeedVerdict.REGRESSION) caught++;
        }
        String what = rows.size() + " measured rows, " + runs + " simulated comparisons each case";
        assertTrue(falseRegressions <= runs / 100, "A/A false regressions " + falseRegressions + " (" + what + ")");
        assertTrue(falseImprovements <= runs / 100, "A/A false improvements " + falseImprovements + " (" + what + ")");
        assertTrue(caught >= runs * 95 / 100, "10% slowdown caught in " + caught + " (" + what + ")");
    }

    /** The paired ratios B/A of every row of every committed A/A run, as measured (rows with too few rounds left out). */
    static List<double[]> measuredRows() throws IOException {
        Path ab = Path.of(System.getProperty("oodbench.home", "."), "results", "ab");
        List<double[]> rows = new ArrayList<>();
        if (!Files.isDirectory(ab)) return rows;
        try (Stream<Path> runs = Files.list(ab)) {
            for (Path run : runs.filter(p -> AA.matcher(p.getFileName().toString()).matches()).sorted().toList()) {
                java.util.Map<String, List<Double>> perRow = new java.util.TreeMap<>();
                try (Stream<Path> forks = Files.list(run.resolve("forks"))) {
                    for (Path f : forks.filter(p -> p.getFileName().toString().matches("fork-\\d+\\.jsonl")).sorted().toList()) {
                        for (String line : Files.readAllLines(f)) {
                            JsonObject g = JsonParser.parseString(line).getAsJsonObject();
                            if (!g.has("seconds") || g.get("seconds").isJsonNull()) continue;
                            JsonArray t = g.getAsJsonArray("seconds");
                            JsonArray a = t.get(0).getAsJsonArray();
                            JsonArray b = t.get(1).getAsJsonArray();
                            List<Double> r = perRow.computeIfAbsent(g.get("id").getAsString(), x -> new ArrayList<>());
                            for (int i = 0; i < a.size(); i++) r.add(b.get(i).getAsDouble() / a.get(i).getAsDouble());
                        }
                    }
                }
                perRow.values().stream().filter(r -> r.size() >= 30)
                        .forEach(r -> rows.add(r.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }
        return rows;
    }
}
