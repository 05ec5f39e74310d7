package dev.oodbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.model.ModelCatalog;
import dev.oodbench.report.Compare;
import dev.oodbench.report.PairedQuality;
import dev.oodbench.results.RunData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** ab's quality half on one version against itself: both evaluate the same images in one worker, every row paired. */
class AbQualityTest {
    @TempDir
    Path dir;

    @Test
    @EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+") // the benchmark sets are real MNIST files
    void theSameVersionTwiceIsPairedSampleBySampleAndUnchanged() throws Exception {
        String models = ModelCatalog.root().toAbsolutePath().toString();
        InterleavedJob.Version a = new InterleavedJob.Version("A", null, models);
        InterleavedJob.Version b = new InterleavedJob.Version("B", null, models);
        AbQuality.Config cfg = new AbQuality.Config(List.of("mnist04-convnet"), "mls,energy", 300);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        List<Compare.Row> rows = AbQuality.run(a, b, cfg, new Compare(0.05, 0.005), dir, new PrintStream(log, true));
        RunData ra = RunData.read(dir.resolve("A").resolve("mnist04-convnet"));
        long rowsPerVersion = ra.accuracy().stream().filter(r -> r.ok()).count();
        assertEquals(rowsPerVersion * PairedQuality.METRICS.size(), rows.size(), log.toString());
        for (Compare.Row r : rows) {
            assertEquals(Compare.NO_CHANGE, r.verdict(), r.detail());
            assertTrue(r.method().equals(PairedQuality.DELONG) || r.method().equals(PairedQuality.PAIRED_BOOTSTRAP), r.method());
            assertTrue(r.detail().contains("300 ID"), r.detail());
        }
        assertTrue(log.toString().contains("evaluated by both versions"), log.toString());
    }
}
