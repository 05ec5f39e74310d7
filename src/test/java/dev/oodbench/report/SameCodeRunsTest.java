package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.Fixtures;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SameCodeRunsTest {
    @TempDir
    Path dir;

    @Test
    void theAllowanceIsTheLargestDifferenceBetweenRunsOfOneCommitOnOneMachine() throws IOException {
        Fixtures.fullRun(dir, "r1", "2026-11-20T09:00:00Z", "alpha", false, 1.0);
        Fixtures.fullRun(dir, "r2", "2026-11-21T09:00:00Z", "alpha", false, 1.3);
        Fixtures.fullRun(dir, "r3", "2026-11-22T09:00:00Z", "alpha", false, 0.8);
        Fixtures.fullRun(dir, "other-machine", "2026-11-22T09:00:00Z", "beta", false, 5.0);
        List<RunData> runs = History.runs(dir);
        assertEquals(1, SameCodeRuns.groups(runs).size(), "a lone run on another machine is no group");
        History.Series alpha = History.Series.of(runs.get(0));
        SameCodeRuns.Allowance a = SameCodeRuns.allowance(runs, alpha).orElseThrow();
        // every timing scales with the speed factor, give or take its own 3% sample noise
        assertEquals(SameCodeRuns.MARGIN * Math.log(1.3 / 0.8), a.logRatio(), 0.12, a.source());
        assertEquals(3, a.pairs());
        assertTrue(a.source().contains("3 pairs of runs") && a.source().contains("alpha"), a.source());
    }

    @Test
    void tooFewDifferencesGiveNoAllowanceAndDirtyRunsAreNotSameCode() throws IOException {
        Fixtures.fullRun(dir, "r1", "2026-11-20T09:00:00Z", "alpha", false, 1.0);
        List<RunData> one = History.runs(dir);
        assertTrue(SameCodeRuns.allowance(one, History.Series.of(one.get(0))).isEmpty());
        RunInfo dirty = new RunInfo("d", "", "t", "0123456-dirty", "alpha", "Test CPU 3000", 4, "none", "17", "2.18.0");
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        PerformanceCsv.write(a, List.of(Fixtures.perf(dirty, "forward", "m", "", 8, "cpu", 1, 0.01)));
        PerformanceCsv.write(b, List.of(Fixtures.perf(dirty, "forward", "m", "", 8, "cpu", 2, 0.01)));
        assertTrue(SameCodeRuns.groups(List.of(RunData.read(a), RunData.read(b))).isEmpty());
    }

    @Test
    void aCalibrationPassesOnlyWhereItShrinksTheSpreadToAThird() throws IOException {
        RunInfo i = Fixtures.info("x", "", "alpha", "none");
        double[][] timesAndRates = {{10, 100}, {20, 52}, {15, 70}};
        List<RunData> runs = new java.util.ArrayList<>();
        for (int k = 0; k < timesAndRates.length; k++) {
            Path f = dir.resolve("run" + k + ".csv");
            PerformanceCsv.write(f, List.of(
                    // tracks the machine: time x rate nearly constant
                    Fixtures.perf(i, "forward", "m", "", 256, "cpu", timesAndRates[k][0], 0.1).withCalibration(timesAndRates[k][1]),
                    // does not: the time stays, the rate moves
                    Fixtures.perf(i, "forward", "m", "", 1, "cpu", 1.0 + 0.05 * k, 0.01).withCalibration(timesAndRates[k][1])));
            runs.add(RunData.read(f));
        }
        List<SameCodeRuns.Spread> s = SameCodeRuns.calibration(runs);
        SameCodeRuns.Spread tracked = s.stream().filter(x -> x.row().contains("b=256")).findFirst().orElseThrow();
        SameCodeRuns.Spread untracked = s.stream().filter(x -> x.row().contains("b=1 ")).findFirst().orElseThrow();
        assertEquals(1.0, tracked.raw(), 1e-9);
        assertEquals(1050.0 / 1000 - 1, tracked.normalised(), 1e-9);
        assertTrue(tracked.passes());
        assertFalse(untracked.passes(), untracked.toString());
        String text = SameCodeRuns.calibrationText(runs);
        assertTrue(text.contains("1 of 2 rows pass"), text);
    }
}
