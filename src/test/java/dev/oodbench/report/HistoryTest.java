package dev.oodbench.report;

import dev.oodbench.results.Fixtures;
import dev.oodbench.results.RunData;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;

    @Test
    void runsAreListedInTimeOrderWithHeadlineNumbers() throws IOException {
        // folder names out of time order: the time stamp decides
        Fixtures.fullRun(dir, "b-second", "2026-11-24T09:00:00Z", "beta", false, 0.5);
        Fixtures.fullRun(dir, "c-first", "2026-11-20T09:00:00Z", "alpha", false, 1.0);
        Fixtures.fullRun(dir, "a-third", "2026-11-25T09:00:00Z", "alpha", false, 1.0);
        Files.createDirectories(dir.resolve("runs/empty-folder"));
        List<RunData> runs = History.runs(dir);
        assertEquals(List.of("c-first", "b-second", "a-third"), runs.stream().map(RunData::label).toList());
        String table = History.render(runs);
        List<String> lines = table.lines().toList();
        // two machines: two series, each with its heading, column names and runs, oldest first
        assertEquals(10, lines.size(), table);
        assertTrue(lines.get(0).startsWith("series: alpha / Test CPU 3000 x4 / TF "), table);
        assertTrue(lines.get(0).endsWith("custom runs (2 runs)"), table);
        assertTrue(lines.get(1).contains("fwd img/s") && lines.get(1).contains("mean AUROC") && lines.get(1).contains("detectors"), table);
        assertTrue(lines.get(2).startsWith("  2026-11-20 09:00  0123456 "), table);
        assertTrue(lines.get(3).startsWith("  2026-11-25 09:00"), "a-third is alpha's second run: " + table);
        assertTrue(lines.get(5).startsWith("series: beta "), table);
        assertTrue(lines.get(8).startsWith("fwd img/s = "), table);
        assertTrue(table.lines().allMatch(l -> l.length() <= 120), "fits 120 columns:\n" + table);
        String wide = History.render(runs, true);
        assertTrue(wide.contains("c-first") && wide.contains("0.1.0-test") && wide.contains("img/s per GFLOP/s"), wide);
        assertTrue(wide.contains("shown only"), "the normalised column is not sold as comparable: " + wide);
        // forward at batch 256 on cpu: 256 / (0.4 + 256 * 0.045) ms, about 21,478 images/s; half the time on beta
        History.Entry first = History.entries(runs).get(0);
        assertEquals(256 / ((0.4 + 256 * 0.045) / 1000), first.forwardImagesPerS(), 256 / 0.0119 * 0.03);
        assertEquals(2.0, History.entries(runs).get(1).forwardImagesPerS() / first.forwardImagesPerS(), 0.1);
        assertEquals("vim", first.bestDetector(), "the synthetic vim separates best");
        assertTrue(first.meanAuroc() > 0.5 && first.meanAuroc() < first.bestAuroc());
        assertEquals(12, first.aurocRows(), "group averages and skipped rows left out");
    }

    @Test
    void seriesSeparateMachinesAndRunKinds() throws IOException {
        Fixtures.fullRun(dir, "one", "2026-11-24T09:00:00Z", "alpha", false, 1.0);
        RunData full = History.runs(dir).get(0);
        assertEquals(History.CUSTOM, History.kind(full), "four detectors at several batch sizes: neither quick nor default");
        History.Series s = History.Series.of(full);
        assertEquals(new History.Series("alpha", "Test CPU 3000", 4, s.tensorflow(), History.CUSTOM), s);
        History.Series quick = new History.Series("alpha", "Test CPU 3000", 4, s.tensorflow(), History.QUICK);
        assertTrue(s.sameMachine(quick) && !s.equals(quick), "same machine, another kind: another series");
        assertFalse(s.sameMachine(new History.Series("alpha", "Test CPU 3000", 8, s.tensorflow(), History.CUSTOM)));
        // the committed baseline is a default sweep
        assertEquals(History.DEFAULT, History.kind(RunData.read(Path.of("results/baseline"))));
    }

    @Test
    void anUnreadableRunIsReportedNotHidden() throws IOException {
        Fixtures.fullRun(dir, "good", "2026-11-24T09:00:00Z", "beta", false, 0.5);
        Path bad = dir.resolve("runs/bad");
        Files.createDirectories(bad);
        Files.writeString(bad.resolve("accuracy.csv"), "what,ever\n1,2\n");
        History.Scan s = History.scan(dir);
        assertEquals(1, s.runs().size());
        assertEquals(1, s.problems().size());
        assertTrue(s.problems().get(0).startsWith("bad: unreadable"), s.problems().toString());
    }
}
