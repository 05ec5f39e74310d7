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
        return new Compare(0.10, 0.005).withRunNoise(0).compare(RunData.read(a), RunData.read(b));
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
        // unpaired quality intervals this wide straddle the thresholds: inconclusive, never a regression
        assertEquals(Compare.INCONCLUSIVE, row(r, "auroc", "vim").verdict());
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
    void theCalibrationIsShownButTheVerdictIsOnRawTimesAndAFasterRowIsNeverARegression() throws IOException {
        RunInfo a = Fixtures.info("a", "", "h", "none");
        Path base = dir.resolve("a.csv");
        Path cand = dir.resolve("b.csv");
        // MNIST forward at batch 256 got 43% faster while the matmul calibration sped up 2.5x (77 -> 193 GFLOP/s):
        // normalised, that read as a x1.44 slowdown
        PerformanceCsv.write(base, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 28.65, 0.3).withCalibration(77)));
        PerformanceCsv.write(cand, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 16.44, 0.2).withCalibration(193)));
        for (double noise : new double[] {0, Compare.DEFAULT_RUN_NOISE}) {
            Compare.Row x = new Compare(0.05, 0.005).withRunNoise(noise).compare(RunData.read(base), RunData.read(cand)).rows().get(0);
            assertEquals(16.44 / 28.65, x.change(), 1e-9, x.detail());
            assertEquals(16.44 * 193 / (28.65 * 77), x.normalised(), 1e-9, "the normalised ratio is shown");
            assertTrue(x.detail().contains("not judged"), x.detail());
            assertFalse(x.verdict().equals(Compare.REGRESSION), "a faster row is never a regression: " + x.detail());
        }
        assertEquals(Compare.IMPROVEMENT, new Compare(0.05, 0.005).withRunNoise(0).compare(RunData.read(base), RunData.read(cand))
                .rows().get(0).verdict(), "without a between-run allowance, 43% faster with +-1% noise is an improvement");
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
        assertTrue(x.detail().contains("between-run allowance x1.86"), x.detail());
        assertEquals(Compare.REGRESSION, new Compare(0.05, 0.005).withRunNoise(0)
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
    void aSmallAurocDropInsideWideIntervalsIsInconclusiveNotARegression() throws IOException {
        Path base = run("base", "h", List.of(), List.of(acc("knn", "mnist59-test", 0.94, 0.01)), List.of());
        Path cand = run("cand", "h", List.of(), List.of(acc("knn", "mnist59-test", 0.925, 0.01)), List.of());
        assertEquals(Compare.INCONCLUSIVE, row(compare(base, cand), "auroc", "knn").verdict());
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
        assertEquals(Compare.INCONCLUSIVE, avg.verdict(), avg.detail());
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
        assertFalse(console.contains("only in baseline"), "missing rows are counted, not listed: " + console);
        assertTrue(console.contains("4 missing on one side") && console.contains("--all lists them"), console);
        String everything = Compare.console(r, true);
        assertTrue(everything.contains("only in baseline") && everything.contains("only in candidate"), everything);
        String md = Compare.markdown(r);
        assertTrue(md.contains("hardware differs") && !md.contains("only in candidate"), md);
        assertTrue(CompareText.markdown(r, "compare", true).contains("only in candidate"));
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
        assertTrue(md.contains("1 regression") && md.contains("### Regression (1)"), md);
        assertFalse(md.contains("hardware differs"));
    }

    @Test
    void aRowTimedUnderAMicrosecondGetsNoVerdict() throws IOException {
        // a fit row printed as 0.0000 ms: its ratio is timer noise, never an improvement
        RunInfo a = Fixtures.info("a", "", "h", "none");
        Path base = dir.resolve("a.csv");
        Path cand = dir.resolve("b.csv");
        PerformanceCsv.write(base, List.of(Fixtures.perf(a, "fit", M, "rankfeat", 0, "cpu", 0.00004, 0.000001)));
        PerformanceCsv.write(cand, List.of(Fixtures.perf(a, "fit", M, "rankfeat", 0, "cpu", 0.00001, 0.0000005)));
        Compare.Row x = new Compare(0.05, 0.005).withRunNoise(0).compare(RunData.read(base), RunData.read(cand)).rows().get(0);
        assertEquals(Compare.INCONCLUSIVE, x.verdict(), x.detail());
        assertTrue(x.detail().contains("below what this timing resolves"), x.detail());
    }

    @Test
    void theRunWideCorrectionWidensEveryIntervalWithTheNumberOfRows() throws IOException {
        // one row 8% slower with +-1% samples: a regression alone; among 400 unchanged rows it is judged at a stricter level
        RunInfo a = Fixtures.info("a", "", "h", "none");
        List<PerformanceRow> b = new ArrayList<>();
        List<PerformanceRow> c = new ArrayList<>();
        b.add(Fixtures.perf(a, "forward", M, "", 256, "cpu", 10, 0.3));
        c.add(Fixtures.perf(a, "forward", M, "", 256, "cpu", 11.5, 0.3));
        Path base1 = dir.resolve("a1.csv");
        Path cand1 = dir.resolve("b1.csv");
        PerformanceCsv.write(base1, b);
        PerformanceCsv.write(cand1, c);
        Compare.Row alone = new Compare(0.05, 0.005).withRunNoise(0).compare(RunData.read(base1), RunData.read(cand1)).rows().get(0);
        for (int i = 1; i <= 400; i++) {
            b.add(Fixtures.perf(a, "score", M, "d" + i, 256, "cpu", 10, 0.3));
            c.add(Fixtures.perf(a, "score", M, "d" + i, 256, "cpu", 10, 0.3));
        }
        Path base = dir.resolve("a.csv");
        Path cand = dir.resolve("b.csv");
        PerformanceCsv.write(base, b);
        PerformanceCsv.write(cand, c);
        Compare.Result r = new Compare(0.05, 0.005).withRunNoise(0).compare(RunData.read(base), RunData.read(cand));
        Compare.Row among = row(r, "time", "forward");
        assertEquals(Compare.REGRESSION, alone.verdict(), alone.detail());
        assertEquals(0.95, alone.confidence(), 1e-12, "one row: the family level itself");
        assertTrue(among.confidence() > 0.9998, "Holm's first step: 1 - 0.05 / 401, got " + among.confidence());
        assertTrue(among.hi() - among.lo() > alone.hi() - alone.lo(), among.detail());
        assertTrue(r.speedMethod().contains("Holm over 401 rows"), r.speedMethod());
    }

    @Test
    void duplicateRowsAndImpossibleCalibrationRatesAreRefused() throws IOException {
        RunInfo a = Fixtures.info("a", "", "h", "none");
        Path good = dir.resolve("good.csv");
        PerformanceCsv.write(good, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 10, 0.3)));
        Path twice = dir.resolve("twice.csv");
        PerformanceCsv.write(twice, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 10, 0.3),
                Fixtures.perf(a, "forward", M, "", 256, "cpu", 12, 0.3)));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Compare(0.05, 0.005).compare(RunData.read(good), RunData.read(twice)));
        assertTrue(e.getMessage().startsWith(twice + ": the row forward " + M) && e.getMessage().contains("appears twice"), e.getMessage());
        Path negative = dir.resolve("negative.csv");
        PerformanceCsv.write(negative, List.of(Fixtures.perf(a, "forward", M, "", 256, "cpu", 10, 0.3).withCalibration(-1)));
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Compare(0.05, 0.005).compare(RunData.read(good), RunData.read(negative)));
        assertTrue(e.getMessage().contains("calibration_gflops -1.0") && e.getMessage().startsWith(negative.toString()), e.getMessage());
        Path accTwice = run("acctwice", "h", List.of(), List.of(acc("vim", "svhn", 0.9, 0.01), acc("vim", "svhn", 0.8, 0.01)), List.of());
        Path acc = run("acc", "h", List.of(), List.of(acc("vim", "svhn", 0.9, 0.01)), List.of());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new Compare(0.05, 0.005).compare(RunData.read(acc), RunData.read(accTwice)));
        assertTrue(e.getMessage().contains("accuracy.csv: the row " + M + " vim mnist04-test svhn appears twice"), e.getMessage());
    }

    @Test
    void rowsOnDifferentTestDataAreNotComparable() throws IOException {
        RunInfo i = Fixtures.info("x", "", "h", "none");
        AccuracyRow full = Fixtures.acc(i, M, "vim", "svhn", "far", 0.95, 0.005);
        // 264 ID images fewer, as when out-of-range labels were dropped
        AccuracyRow fewer = new AccuracyRow(full.run(), full.device(), new dev.oodbench.eval.EvalRow(full.model(), 0.99,
                full.detector(), "", full.idDataset(), full.oodDataset(), full.oodGroup(),
                new dev.oodbench.metrics.OodMetrics(0.95, 0.05, 0.3, 0.95, 0.9, 0.91, 0.1, 4875, 4861), full.eval().intervals(),
                dev.oodbench.eval.EvalRow.OK, "", 0.5, 2.0));
        Compare.Result r = compare(run("base", "h", List.of(), List.of(full), List.of()), run("cand", "h", List.of(), List.of(fewer), List.of()));
        assertEquals(1, r.rows().size());
        Compare.Row x = r.rows().get(0);
        assertEquals(Compare.NOT_COMPARABLE, x.verdict());
        assertTrue(x.detail().contains("n_id 5139 vs 4875"), x.detail());
        assertTrue(r.summary().contains("1 not comparable"), r.summary());
        assertTrue(Compare.console(r, false).contains("n_id 5139 vs 4875"), "listed, not hidden");
    }

    @Test
    void aDetectorNameCannotBreakTheMarkdownTable() throws IOException {
        String evil = "vim\r## injected heading\n| forged | row |</details><img src=x>";
        // built in memory: whatever a results file's reader lets through, the writer must hold it
        java.util.Map<String, String> key = new java.util.LinkedHashMap<>();
        key.put("model", M);
        key.put("detector", evil);
        key.put("id_dataset", "mnist04-test");
        key.put("ood_dataset", "svhn");
        Compare.Row row = new Compare.Row("quality", "auroc", key, 0.94, 0.80, -0.14, -0.15, -0.13, Compare.REGRESSION,
                "AUROC " + evil);
        String md = Compare.markdown(new Compare.Result("base\nx", "cand", List.of(), List.of(), List.of(row), 0.05, 0.005,
                0.02, "m"));
        for (String line : md.split("\r\n|\r|\n")) {
            assertFalse(line.startsWith("## injected") || line.startsWith("| forged"), "a name started its own line: " + line);
        }
        assertFalse(md.contains("</details><img"), md);
        assertTrue(md.contains("&lt;img src=x&gt;") && md.contains("\\| forged \\| row \\|"), md);
    }

    @Test
    void theMarkdownOfAWholeSweepStaysUnderAPullRequestCommentsLimit() throws IOException {
        RunData baseline = RunData.read(Path.of("results/baseline"));
        RunData other = RunData.read(Path.of("results/runs/20261130-041503-vm-6824351"));
        Compare.Result r = new Compare(0.05, 0.005).compare(baseline, other);
        String md = CompareText.markdown(r, "compare", true);
        assertTrue(md.length() <= CompareText.MARKDOWN_LIMIT, "" + md.length());
        assertTrue(md.contains("more rows left out") && md.contains("<details>"), "the long groups are folded and cut");
        String console = Compare.console(r, false);
        assertTrue(console.lines().skip(2).findFirst().orElseThrow().startsWith(r.rows().size() + " rows: "),
                "the summary comes first: " + console.substring(0, 300));
        assertTrue(console.lines().allMatch(l -> l.length() <= 120), "fits 120 columns");
    }
}
