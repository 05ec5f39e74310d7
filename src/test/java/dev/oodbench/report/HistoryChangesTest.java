package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.Fixtures;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class HistoryChangesTest {
    @TempDir
    Path dir;

    static final List<String> DETECTORS = List.of("mls", "energy", "knn", "vim", "msp", "odin", "gram", "react");

    /**
     * Writes {@code n} runs of one machine ({@code host}) under {@code results/runs}, a day apart: forward
     * and score rows at four batch sizes with 2% noise, times scaled for the knn score at batch 64 by
     * {@code knnFactor(run)}; AUROC rows exact per detector, with vim's on the near set moved by
     * {@code vimShift(run)}. Returns the runs read back, oldest first.
     */
    public static List<RunData> history(Path results, String host, int n, IntToDoubleFunction knnFactor, IntToDoubleFunction vimShift,
                                 long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < n; r++) {
            String id = String.format(Locale.ROOT, "202611%02d-090000-%s-%07d", r + 1, host, r);
            RunInfo run = new RunInfo(id, String.format(Locale.ROOT, "2026-11-%02dT09:00:00Z", r + 1), "0.1.0-test",
                    String.format(Locale.ROOT, "%040d", r + 1), host, "Test CPU 3000", 4, "none", "17.0.15", "2.18.0 oneDNN on");
            Path d = run.runDir(results);
            Files.createDirectories(d);
            run.write(d);
            List<PerformanceRow> perf = new ArrayList<>();
            for (int b : new int[] {1, 8, 64, 256}) {
                perf.add(Fixtures.perf(run, "forward", "mnist04-convnet", "", b, "cpu", noisy(rng, 0.4 + 0.045 * b), 0.01));
                for (String det : DETECTORS) {
                    double f = det.equals("knn") && b == 64 ? knnFactor.applyAsDouble(r) : 1;
                    perf.add(Fixtures.perf(run, "score", "mnist04-convnet", det, b, "cpu", noisy(rng, (0.5 + 0.05 * b) * f), 0.01));
                }
            }
            PerformanceCsv.write(d.resolve(PerformanceCsv.FILE_NAME), perf);
            List<AccuracyRow> acc = new ArrayList<>();
            for (int k = 0; k < DETECTORS.size(); k++) {
                for (String ood : new String[] {"mnist59-test", "notmnist-test"}) {
                    double shift = DETECTORS.get(k).equals("vim") && ood.equals("mnist59-test") ? vimShift.applyAsDouble(r) : 0;
                    acc.add(Fixtures.acc(run, "mnist04-convnet", DETECTORS.get(k), ood, ood.startsWith("mnist") ? "near" : "far",
                            0.9 + 0.01 * k + shift, 0.004));
                }
            }
            AccuracyCsv.write(d.resolve(AccuracyCsv.FILE_NAME), acc);
        }
        return History.runs(results);
    }

    static double noisy(SplittableRandom rng, double ms) {
        return ms * Math.exp(0.02 * ChangePointsSimulationTest.gauss(rng));
    }

    @Test
    void aSlowdownThatStaysIsACurrentRegressionBetweenItsRuns() throws IOException {
        List<RunData> runs = history(dir, "alpha", 8, r -> r >= 5 ? 1.3 : 1, r -> 0, 1);
        HistoryChanges.Result res = HistoryChanges.find(runs);
        assertEquals(1, res.changes().size(), HistoryChanges.render(res));
        HistoryChanges.Found f = res.changes().get(0);
        assertEquals("score mnist04-convnet knn batch=64 cpu threads=0", f.series().row());
        assertEquals(HistoryChanges.Kind.REGRESSION, f.kind());
        assertTrue(f.current());
        assertEquals(runs.get(4), f.lastBefore());
        assertEquals(runs.get(5), f.firstAfter());
        assertTrue(f.lo() < 1.3 && 1.3 < f.hi(), f.lo() + " .. " + f.hi());
        assertEquals(1, res.currentRegressions().size());
        String text = HistoryChanges.render(res);
        assertTrue(text.contains("last before 20261105-090000-alpha-0000004 (0000000), first after 20261106-090000-alpha-0000005"),
                text);
        assertTrue(text.contains("CURRENT"), text);
    }

    @Test
    void aRegressionFixedLaterIsNoLongerCurrent() throws IOException {
        List<RunData> runs = history(dir, "alpha", 9, r -> r >= 3 && r < 6 ? 1.3 : 1, r -> 0, 2);
        HistoryChanges.Result res = HistoryChanges.find(runs);
        assertEquals(2, res.changes().size(), HistoryChanges.render(res));
        assertEquals(HistoryChanges.Kind.REGRESSION, res.changes().get(0).kind());
        assertFalse(res.changes().get(0).current());
        assertEquals(HistoryChanges.Kind.IMPROVEMENT, res.changes().get(1).kind());
        assertEquals(runs.get(6), res.changes().get(1).firstAfter());
        assertTrue(res.currentRegressions().isEmpty());
    }

    @Test
    void anAurocDropIsAQualityRegression() throws IOException {
        List<RunData> runs = history(dir, "alpha", 6, r -> 1, r -> r >= 4 ? -0.02 : 0, 3);
        HistoryChanges.Result res = HistoryChanges.find(runs);
        List<HistoryChanges.Found> auroc = res.changes().stream().filter(f -> f.series().metric() == RunSeries.Metric.AUROC).toList();
        assertEquals(1, auroc.size(), HistoryChanges.render(res));
        assertTrue(auroc.get(0).series().row().startsWith("mnist04-convnet vim mnist04-test (5139) -> mnist59-test (4861)"),
                auroc.get(0).series().row());
        assertEquals(-0.02, auroc.get(0).estimate(), 1e-9);
        assertEquals(HistoryChanges.Kind.REGRESSION, auroc.get(0).kind());
        assertEquals(runs.get(4), auroc.get(0).firstAfter());
        // the FPR95 of the fixture moves with its AUROC (1 - AUROC): +0.02 is at the threshold, not beyond it
        assertTrue(res.changes().stream().noneMatch(f -> f.series().metric() == RunSeries.Metric.TIME));
    }

    @Test
    void machinesAreNeverMixedInOneSeries() throws IOException {
        // beta is twice as slow throughout; mixed with alpha by time it would step at every alternation
        history(dir, "alpha", 4, r -> 1, r -> 0, 4);
        List<RunData> runs = history(dir, "beta", 4, r -> 2, r -> 0, 5);
        assertEquals(8, runs.size());
        HistoryChanges.Result res = HistoryChanges.find(runs);
        assertTrue(res.changes().stream().noneMatch(f -> f.series().metric() == RunSeries.Metric.TIME), HistoryChanges.render(res));
        long machines = RunSeries.of(runs).stream().filter(s -> s.metric() == RunSeries.Metric.TIME).map(RunSeries.Series::group)
                .distinct().count();
        assertEquals(2, machines);
    }

    @Test
    void aStepInEveryRowAtOnceIsCalledMachineWide() throws IOException {
        List<RunData> runs = history(dir, "alpha", 8, r -> 1, r -> 0, 6);
        // every time of the last three runs x1.5: rewrite their performance.csv
        for (int r = 5; r < 8; r++) {
            Path f = runs.get(r).source().resolve(PerformanceCsv.FILE_NAME);
            List<PerformanceRow> slower = PerformanceCsv.read(f).stream().map(p -> Fixtures.perf(p.run(), p.benchmark(), p.model(),
                    p.detector(), p.batch(), p.device(), p.score() * 1.5, 0.01)).toList();
            PerformanceCsv.write(f, slower);
        }
        HistoryChanges.Result res = HistoryChanges.find(History.runs(dir));
        List<HistoryChanges.Found> time = res.changes().stream().filter(f -> f.series().metric() == RunSeries.Metric.TIME).toList();
        assertEquals(36, time.size(), HistoryChanges.render(res));
        assertTrue(time.stream().allMatch(HistoryChanges.Found::machineWide));
        String text = HistoryChanges.render(res);
        assertTrue(text.contains("machine-wide at 20261106-090000-alpha-0000005 (0000000): 36 of 36 series change (36 regressions"),
                text);
    }
}
