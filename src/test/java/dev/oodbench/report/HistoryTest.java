package dev.oodbench.report;

import dev.oodbench.results.Fixtures;
import dev.oodbench.results.RunData;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertEquals(5, lines.size(), table);
        assertTrue(lines.get(4).startsWith("normalised fwd = "), table);
        assertTrue(lines.get(0).contains("fwd img/s b256 cpu") && lines.get(0).contains("best AUROC"), table);
        assertTrue(lines.get(1).startsWith("2026-11-20 09:00:00  c-first"), table);
        assertTrue(lines.get(1).contains("0.1.0-test") && lines.get(1).contains("0123456 "), "version and commit: " + table);
        assertTrue(lines.get(1).contains("alpha / Test CPU 3000 x4 / GPU none"), table);
        // forward at batch 256 on cpu: 256 / (0.4 + 256 * 0.045) ms, about 21,478 images/s; half the time on beta
        History.Entry first = History.entries(runs).get(0);
        assertEquals(256 / ((0.4 + 256 * 0.045) / 1000), first.forwardImagesPerS(), 256 / 0.0119 * 0.03);
        assertEquals(2.0, History.entries(runs).get(1).forwardImagesPerS() / first.forwardImagesPerS(), 0.1);
        assertEquals("vim", first.bestDetector(), "the synthetic vim separates best");
        assertTrue(first.meanAuroc() > 0.5 && first.meanAuroc() < first.bestAuroc());
        assertEquals(12, first.aurocRows(), "group averages and skipped rows left out");
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
