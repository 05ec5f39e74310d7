package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreFilesTest {
    @Test
    void float32ScoresAreWrittenShortAndOtherValuesAtFullPrecision(@TempDir Path run) throws Exception {
        double[] scores = {(double) 0.1f, -2.5, 1.0 / 3};
        ScoreFiles.write(run, "m", "mls", "cifar10-test", scores);
        Path file = ScoreFiles.path(run, "m", "mls", "cifar10-test");
        assertEquals(run.resolve("scores/m/mls/cifar10-test.txt"), file);
        assertEquals("0.1\n-2.5\n0.3333333333333333\n", Files.readString(file));
        double[] back = ScoreFiles.read(run, "m", "mls", "cifar10-test");
        assertEquals(0.1f, (float) back[0]);
        assertArrayEquals(new double[] {-2.5, 1.0 / 3}, new double[] {back[1], back[2]});
    }
}
