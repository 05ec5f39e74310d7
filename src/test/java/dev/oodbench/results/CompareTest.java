package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.cli.Main;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic pairs of runs whose verdict is known, written through the real CSV writers. */
class CompareTest {
    @TempDir
    Path dir;

    private static Map<String, String> perfRow(String detector, double ms, double err, String host) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("benchmark", "score");
        m.put("model", "mnist04-convnet");
        m.put("detector", detector);
        m.put("batch_size", "256");
        m.put("device", "cpu");
        m.put("threads", "0");
        m.put("score", Double.toString(ms));
        m.put("score_error", Double.toString(err));
        m.put("unit", "ms/op");
        m.put("images_per_s", Double.toString(256000 / ms));
        m.put("status", "ok");
        m.put("host", host);
        m.put("cpu", "cpu");
        m.put("gpu", "none");
        return m;
    }

    private static Map<String, String> accRow(String detector, double auroc, double halfWidth) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model", "mnist04-convnet");
        m.put("detector", detector);
        m.put("id_dataset", "mnist04-test");
        m.put("ood_dataset", "mnist59-test");
        m.put("auroc", Double.toString(auroc));
        m.put("auroc_lo", Double.toString(auroc - halfWidth));
        m.put("auroc_hi", Double.toString(auroc + halfWidth));
        m.put("fpr95", "0.4");
        m.put("fpr95_lo", "0.38");
        m.put("fpr95_hi", "0.42");
        m.put("status", "ok");
        return m;
    }

    private Path run(String name, List<Map<String, String>> perf, List<Map<String, String>> acc) throws IOException {
        Path r = dir.resolve(name);
        new CsvTable(PerformanceCsv.COLUMNS, perf).write(r.resolve("performance.csv"));
        new CsvTable(AccuracyCsv.COLUMNS, acc).write(r.resolve("accuracy.csv"));
        return r;
    }

    private Compare.Result compare(Path a, Path b) throws IOException {
        return new Compare(0.10, 0.005).compare(RunData.read(a), RunData.read(b));
    }

    private static String verdict(Compare.Result r, String keyPart) {
        return r.rows().stream().filter(x -> x.key().contains(keyPart)).findFirst().orElseThrow().verdict();
    }

    @Test
    void twoTimesSlowerIsARegressionAndExitsOne() throws IOException {
        Path base = run("base", List.of(perfRow("vim", 10, 0.3, "h")), List.of(accRow("vim", 0.96, 0.004)));
        Path cand = run("cand", List.of(perfRow("vim", 20, 0.6, "h")), List.of(accRow("vim", 0.96, 0.004)));
        Compare.Result r = compare(base, cand);
        assertEquals("regression", verdict(r, "score"));
        assertEquals(1, r.regressions());
        int rc = Main.commandLine().execute("compare", base.toString(), cand.toString(),
                "--markdown", dir.resolve("pr.md").toString(), "--csv", dir.resolve("cmp.csv").toString());
        assertEquals(1, rc);
        assertTrue(Files.readString(dir.resolve("pr.md")).contains("**1 regressions**"));
        assertEquals(1, CsvTable.read(dir.resolve("cmp.csv")).rows().stream().filter(x -> x.get("verdict").equals("regression")).count());
        // and the reverse is an improvement
        assertEquals("improvement", verdict(compare(cand, base), "score"));
    }

    @Test
    void noiseOnlyDifferenceIsNoChange() throws IOException {
        Path base = run("base", List.of(perfRow("vim", 10, 1.5, "h")), List.of(accRow("vim", 0.960, 0.004)));
        Path cand = run("cand", List.of(perfRow("vim", 11.2, 1.6, "h")), List.of(accRow("vim", 0.957, 0.004)));
        Compare.Result r = compare(base, cand);
        assertEquals("no change", verdict(r, "score"));
        assertEquals("no change", verdict(r, "->"));
        assertEquals(0, Main.commandLine().execute("compare", base.toString(), cand.toString()));
    }

    @Test
    void aurocDropBeyondItsIntervalIsARegression() throws IOException {
        Path base = run("base", List.of(), List.of(accRow("mahalanobis", 0.94, 0.003)));
        Path cand = run("cand", List.of(), List.of(accRow("mahalanobis", 0.89, 0.004)));
        assertEquals("regression", verdict(compare(base, cand), "->"));
    }

    @Test
    void rowsOnOneSideAreListedAndHardwareDifferencesStated() throws IOException {
        Path base = run("base", List.of(perfRow("vim", 10, 0.1, "alpha"), perfRow("knn", 30, 0.1, "alpha")), List.of());
        Path cand = run("cand", List.of(perfRow("vim", 10, 0.1, "beta"), perfRow("odin", 50, 0.1, "beta")), List.of());
        Compare.Result r = compare(base, cand);
        List<String> missing = new ArrayList<>();
        for (Compare.Row x : r.rows()) if (x.verdict().equals("missing")) missing.add(x.key() + ": " + x.detail());
        assertEquals(2, missing.size(), missing.toString());
        assertTrue(missing.get(0).contains("knn") && missing.get(0).contains("only in baseline"));
        assertTrue(missing.get(1).contains("odin") && missing.get(1).contains("only in candidate"));
        assertTrue(r.hardwareNote().startsWith("hardware differs"), r.hardwareNote());
    }

    @Test
    void aRunComparedWithItselfHasNoChange() throws IOException {
        Path base = run("base", List.of(perfRow("vim", 10, 0.5, "h"), perfRow("mls", 9, 0.5, "h")),
                List.of(accRow("vim", 0.96, 0.004)));
        Compare.Result r = compare(base, base);
        assertEquals(0, r.regressions());
        assertEquals(0, r.improvements());
        assertFalse(r.rows().isEmpty());
        assertTrue(r.hardwareNote().isEmpty());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        assertEquals(2, Main.commandLine().execute("compare", dir.resolve("nope").toString(), dir.toString()));
    }

    @Test
    void atomicWriteLeavesNothingBehindOnFailure() throws IOException {
        Path target = dir.resolve("out.csv");
        Files.writeString(target, "old");
        try {
            AtomicFiles.write(target, w -> {
                w.write("partial");
                throw new IOException("boom");
            });
        } catch (IOException expected) {
            // the write failed as it should
        }
        assertEquals("old", Files.readString(target));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file left");
        }
    }
}
