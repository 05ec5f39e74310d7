package dev.oodbench.report;

import dev.oodbench.results.Fixtures;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.RunData;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.JmhImport;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.AccuracyCsv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic pairs of runs whose verdict is known, written through the real writers. */
class CompareTest {
    @TempDir
    Path dir;

    private static final String SCORE = "dev.oodbench.bench.ScoreBenchmark.score";
    private static final String M = "mnist04-convnet";

    /** A run folder whose timings come from JMH samples (jmh.json + performance.csv) and whose quality rows are given. */
    private Path run(String name, String host, List<String> jmh, List<AccuracyRow> acc, List<PerformanceRow> notRun)
            throws IOException {
        RunInfo info = Fixtures.info(name, "2026-11-23T00:00:00Z", host, "none");
        Path r = dir.resolve(name);
        Files.createDirectories(r);
        info.write(r);
        if (!jmh.isEmpty()) {
            AtomicFiles.writeString(r.resolve("jmh.json"), Fixtures.jmhFile(jmh));
            JmhImport.writeRun(r, info, notRun);
        }
        if (!acc.isEmpty()) AccuracyCsv.write(r.resolve("accuracy.csv"), acc);
        return r;
    }

    private static String score(String detector, double[][] raw) {
        return Fixtures.jmhEntry(SCORE, M, detector, 256, "cpu", raw);
    }

    private static AccuracyRow acc(String detector, String ood, double auroc, double halfWidth) {
        return Fixtures.acc(Fixtures.info("x", "", "h", "none"), M, detector, ood, "near", auroc, halfWidth);
    }

    private static Compare.Result compare(Path a, Path b) throws IOException {
        // no between-run allowance: these tests are about the interval the samples themselves give
        return new Compare(0.10, 0.005).withRunNoise(0, 0).compare(RunData.read(a), RunData.read(b));
    }

    private static Compare.Row row(Compare.Result r, String metric, String keyPart) {
        return r.rows().stream().filter(x -> x.metric().equals(metric) && x.keyText().contains(keyPart)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + metric + " row for " + keyPart + " in " + r.rows()));
    }

    @Test
    void twoTimesSlowerIsARegression() throws IOException {
        Path base = run("base", "h", List.of(score("vim", Fixtures.samples(10, 0.05, 2, 5, 1))), List.of(), List.of());
        Path cand = run("cand", "h", List.of(score("vim", Fixtures.samples(20, 0.05, 2, 5, 2))), List.of(), List.of());
        Compare.Result r = compare(base, cand);
        Compare.Row x = row(r, "time", "vim");
        assertEquals(Compare.REGRESSION, x.verdict(), x.detail());
        assertEquals(2.0, x.change(), 0.1);
        assertTrue(x.lo() > 1.1 && x.lo() < x.change() && x.hi() > x.change(), x.detail());
        assertTrue(x.detail().contains("10 samples"), "the interval comes from the JMH samples: " + x.detail());
        assertEquals(1, r.regressions());
        // and the reverse is an improvement
        assertEquals(Compare.IMPROVEMENT, row(compare(cand, base), "time", "vim").verdict());
    }

    @Test
    void twoTimesSlowerFromTheCsvAloneIsARegressionToo() throws IOException {
        RunInfo a = Fixtures.info("a", "", "h", "none");
        Path base = dir.resolve("a.csv");
        Path cand = dir.resolve("b.csv");
        PerformanceCsv.write(base, List.of(Fixtures.perf(a, "score", M, "vim", 256, "cpu", 10, 0.4)));
        PerformanceCsv.write(cand, List.of(Fixtures.perf(a, "score", M, "vim", 256, "cpu", 20, 0.8)));
        Compare.Row x = row(compare(base, cand), "time", "vim");
        assertEquals(Compare.REGRESSION, x.verdict(), x.detail());
        assertTrue(x.detail().contains("JMH error, n=10"), x.detail());
    }

    @Test
    void noiseOnlyDifferenceIsNoChange() throws IOException {
        // same mean, samples overlapping widely (+-15%), a few percent apart by chance
        Path base = run("base", "h", List.of(score("vim", Fixtures.samples(10, 0.15, 2, 5, 3))),
                List.of(acc("vim", "mnist59-test", 0.960, 0.004)), List.of());
        Path cand = run("cand", "h", List.of(score("vim", Fixtures.samples(10, 0.15, 2, 5, 4))),
                List.of(acc("vim", "mnist59-test", 0.957, 0.004)), List.of());
        Compare.Result r = compare(base, cand);
        Compare.Row t = row(r, "time", "vim");
        assertEquals(Compare.INCONCLUSIVE, t.verdict(), "+-15% noise cannot tell 10% apart: " + t.detail());
        assertTrue(t.lo() < 1 && t.hi() > 1, "the interval covers 1: " + t.detail());
        assertEquals(Compare.NO_CHANGE, row(r, "auroc", "vim").verdict());
        assertEquals(Compare.NO_CHANGE, row(r, "fpr95", "vim").verdict());
        assertEquals(0, r.regressions());
    }

    @Test
    void aTwelvePercentSlowdownWithinWideNoiseIsInconclusiveNotARegression() throws IOException {
        Path base = run("base", "h", List.of(score("vim", Fixtures.samples(10, 0.30, 1, 3, 5))), List.of(), List.of());
        Path cand = run("cand", "h", List.of(score("vim", Fixtures.samples(11.2, 0.30, 1, 3, 6))), List.of(), List.of());
        assertEquals(Compare.INCONCLUSIVE, row(compare(base, cand), "time", "vim").verdict());
    }

    @Test
    void narrowSamplesWithinTheThresholdAreNoChange() throws IOException {
        Path base = run("base", "h", List.of(score("vim", Fixtures.samples(10, 0.01, 2, 5, 7))), List.of(), List.of());
        Path cand = run("cand", "h", List.of(score("vim", Fixtures.samples(10.1, 0.01, 2, 5, 8))), List.of(), List.of());
        Compare.Row t = row(compare(base, cand), "time", "vim");
        assertEquals(Compare.NO_CHANGE, t.verdict(), t.detail());
    }

    @Test
    void theCalibrationRateTakesASlowerMachineOutOfTheRatio() throws IOException {
        RunInfo a = Fixtures.info("a", "", "h", "none");
        Path base = dir.resolve("a.csv");
        Path cand = dir.resolve("b.csv");
        // the candidate ran when the machine did half the matmul rate: twice the time is no change in the code
        PerformanceCsv.write(base, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 10, 0.05).withCalibration(300)));
        PerformanceCsv.write(cand, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 20, 0.1).withCalibration(150)));
        Compare.Row x = new Compare(0.05, 0.005).compare(RunData.read(base), RunData.read(cand)).rows().get(0);
        assertEquals(1.0, x.change(), 1e-9, x.detail());
        assertTrue(x.detail().contains("normalised by calibration 300.0 -> 150.0"), x.detail());
        assertTrue(x.lo() < 1 / 1.05 && x.hi() > 1.05, "between-run noise widens the interval: " + x.detail());
        assertEquals(Compare.INCONCLUSIVE, x.verdict());
        // the same machine speed and twice the time is a regression even after the allowance
        PerformanceCsv.write(cand, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 20, 0.1).withCalibration(300)));
        x = new Compare(0.05, 0.005).compare(RunData.read(base), RunData.read(cand)).rows().get(0);
        assertEquals(Compare.REGRESSION, x.verdict(), x.detail());
    }

    @Test
    void rawTimesOfDifferentRunsGetTheWideBetweenRunAllowance() throws IOException {
        // the committed same-commit runs differ by x1.6 on the ResNet forward pass: raw, that is not a verdict
        RunInfo a = Fixtures.info("a", "", "h", "none");
        Path base = dir.resolve("a.csv");
        Path cand = dir.resolve("b.csv");
        PerformanceCsv.write(base, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 177.8, 7.7)));
        PerformanceCsv.write(cand, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 288.9, 14.6)));
        Compare.Row x = new Compare(0.05, 0.005).compare(RunData.read(base), RunData.read(cand)).rows().get(0);
        assertEquals(Compare.INCONCLUSIVE, x.verdict(), x.detail());
        assertTrue(x.detail().contains("raw times"), x.detail());
        assertEquals(Compare.REGRESSION, new Compare(0.05, 0.005).withRunNoise(0, 0)
                .compare(RunData.read(base), RunData.read(cand)).rows().get(0).verdict(), "without the allowance it would be flagged");
    }

    @Test
    void aurocDropBeyondItsIntervalIsARegression() throws IOException {
        Path base = run("base", "h", List.of(), List.of(acc("mahalanobis", "mnist59-test", 0.94, 0.003)), List.of());
        Path cand = run("cand", "h", List.of(), List.of(acc("mahalanobis", "mnist59-test", 0.89, 0.004)), List.of());
        Compare.Result r = compare(base, cand);
        Compare.Row a = row(r, "auroc", "mahalanobis");
        assertEquals(Compare.REGRESSION, a.verdict(), a.detail());
        assertEquals(-0.05, a.change(), 1e-9);
        assertTrue(a.hi() < -0.005, a.detail());
        // FPR95 rose by 0.05 with intervals of +-0.006/0.008: a regression too
        assertEquals(Compare.REGRESSION, row(r, "fpr95", "mahalanobis").verdict());
        assertEquals(Compare.IMPROVEMENT, row(compare(cand, base), "auroc", "mahalanobis").verdict());
    }

    @Test
    void aSmallAurocDropInsideWideIntervalsIsNoChange() throws IOException {
        Path base = run("base", "h", List.of(), List.of(acc("knn", "mnist59-test", 0.94, 0.01)), List.of());
        Path cand = run("cand", "h", List.of(), List.of(acc("knn", "mnist59-test", 0.925, 0.01)), List.of());
        assertEquals(Compare.NO_CHANGE, row(compare(base, cand), "auroc", "knn").verdict());
    }

    @Test
    void groupAveragesBorrowTheirMembersIntervals() throws IOException {
        RunInfo i = Fixtures.info("x", "", "h", "none");
        List<AccuracyRow> b = new ArrayList<>();
        List<AccuracyRow> c = new ArrayList<>();
        for (String ood : List.of("svhn", "textures")) {
            b.add(Fixtures.acc(i, M, "vim", ood, "far", 0.950, 0.006));
            c.add(Fixtures.acc(i, M, "vim", ood, "far", 0.944, 0.006));
        }
        b.add(Fixtures.withNoInterval(Fixtures.acc(i, M, "vim", "far-average", "far", 0.950, 0)));
        c.add(Fixtures.withNoInterval(Fixtures.acc(i, M, "vim", "far-average", "far", 0.944, 0)));
        Compare.Result r = compare(run("base", "h", List.of(), b, List.of()), run("cand", "h", List.of(), c, List.of()));
        Compare.Row avg = row(r, "auroc", "far-average");
        // a 0.006 drop: beyond 0.005 alone, but not beyond 0.005 plus the averaged intervals
        assertEquals(Compare.NO_CHANGE, avg.verdict(), avg.detail());
        assertTrue(avg.hi() - avg.change() > 0.004, avg.detail());
    }

    @Test
    void rowsOnOneSideAreListedAndHardwareDifferencesStated() throws IOException {
        RunInfo alpha = Fixtures.info("a", "", "alpha", "none");
        Path base = run("base", "alpha", List.of(score("vim", Fixtures.samples(10, 0.05, 1, 5, 7)),
                score("knn", Fixtures.samples(30, 0.05, 1, 5, 8))), List.of(acc("vim", "svhn", 0.9, 0.01)), List.of());
        Path cand = run("cand", "beta", List.of(score("vim", Fixtures.samples(10, 0.05, 1, 5, 9)),
                score("odin", Fixtures.samples(50, 0.05, 1, 5, 10))), List.of(acc("vim", "textures", 0.9, 0.01)),
                List.of(PerformanceRow.skipped(alpha, "score", M, "mls", "256", "gpu", "0", "no GPU")));
        Compare.Result r = compare(base, cand);
        List<String> missing = new ArrayList<>();
        for (Compare.Row x : r.rows()) if (x.verdict().equals(Compare.MISSING)) missing.add(x.keyText() + ": " + x.detail());
        assertEquals(4, missing.size(), missing.toString());
        assertTrue(missing.stream().anyMatch(m -> m.contains("knn") && m.contains("only in baseline")), missing.toString());
        assertTrue(missing.stream().anyMatch(m -> m.contains("odin") && m.contains("only in candidate")), missing.toString());
        assertTrue(missing.stream().anyMatch(m -> m.contains("svhn") && m.contains("only in baseline")), missing.toString());
        assertTrue(missing.stream().anyMatch(m -> m.contains("textures") && m.contains("only in candidate")), missing.toString());
        assertTrue(r.rows().stream().anyMatch(x -> x.verdict().equals(Compare.NOT_RUN) && x.keyText().contains("mls")),
                "a combination run on neither side is still listed");
        assertTrue(r.hardwareNote().startsWith("hardware differs: host alpha vs beta"), r.hardwareNote());
        String console = Compare.console(r, false);
        assertTrue(console.contains("hardware differs"), console);
        assertTrue(console.contains("only in baseline") && console.contains("only in candidate"), console);
        String md = Compare.markdown(r);
        assertTrue(md.contains("hardware differs") && md.contains("only in candidate"), md);
    }

    @Test
    void aBenchmarkThatNowFailsIsARegression() throws IOException {
        RunInfo i = Fixtures.info("c", "", "h", "none");
        Path base = run("base", "h", List.of(score("vim", Fixtures.samples(10, 0.05, 1, 5, 11)),
                score("knn", Fixtures.samples(10, 0.05, 1, 5, 12))), List.of(), List.of());
        Path cand = run("cand", "h", List.of(score("vim", Fixtures.samples(10, 0.05, 1, 5, 13))), List.of(),
                List.of(PerformanceRow.failed(i, "score", M, "knn", "256", "cpu", "0", "the JMH trial failed")));
        Compare.Result r = compare(base, cand);
        Compare.Row knn = r.rows().stream().filter(x -> x.keyText().contains("knn")).findFirst().orElseThrow();
        assertEquals(Compare.REGRESSION, knn.verdict());
        assertTrue(knn.detail().contains("failed in candidate"), knn.detail());
    }

    @Test
    void aRunComparedWithItselfHasNoChange() throws IOException {
        Path run = Fixtures.fullRun(dir, "20261123-000000-h-0123456", "2026-11-23T00:00:00Z", "h", false, 1.0);
        Compare.Result r = compare(run, run);
        assertEquals(0, r.regressions());
        assertEquals(0, r.improvements());
        assertEquals(0, r.missing());
        assertTrue(r.rows().stream().filter(x -> x.verdict().equals(Compare.NO_CHANGE)).count() > 20);
        assertTrue(r.rows().stream().filter(x -> x.metric().equals("time")).allMatch(x -> x.change() == 1.0));
        assertTrue(r.hardwareNote().isEmpty());
    }

    @Test
    void comparisonCsvAndMarkdownAreWritten() throws IOException {
        Path base = run("base", "h", List.of(score("vim", Fixtures.samples(10, 0.05, 2, 5, 1))), List.of(), List.of());
        Path cand = run("cand", "h", List.of(score("vim", Fixtures.samples(20, 0.05, 2, 5, 2))), List.of(), List.of());
        Compare.Result r = compare(base, cand);
        Compare.table(r).write(dir.resolve("cmp.csv"));
        CsvTable t = CsvTable.read(dir.resolve("cmp.csv"));
        assertEquals(Compare.CSV_COLUMNS, t.columns());
        assertEquals("regression", t.rows().get(0).get("verdict"));
        assertEquals("vim", t.rows().get(0).get("detector"));
        assertEquals("256", t.rows().get(0).get("batch_size"));
        assertTrue(Double.parseDouble(t.rows().get(0).get("change_lo")) > 1.1);
        String md = Compare.markdown(r);
        assertTrue(md.contains("1 regression") && md.contains("| **regression** |"), md);
        assertFalse(md.contains("hardware differs"));
    }
}
