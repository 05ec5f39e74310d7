package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

    @Test
    void readingEqualsDoubleParseDoubleOnEveryLine(@TempDir Path dir) throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        List<String> lines = new ArrayList<>(List.of("0", "-0.0", "+1", "1.", ".5", "007.250", "1e5", "1E+05", "-2.5e-3",
                "1.5f", "0x1p3", "123456789012345", "1234567890123456789", "0.1e-22", "9e22", "9e23", "1e-400",
                "4.9E-324", "1.7976931348623157E308", "Infinity", "  3.25\t", "0.000000000000000000000000001"));
        for (int i = 0; i < 2000; i++) {
            double x = r.nextGaussian() * Math.pow(10, r.nextInt(-30, 30));
            lines.add(switch (i % 4) {
                case 0 -> Float.toString((float) x);
                case 1 -> Double.toString(x);
                case 2 -> String.format(java.util.Locale.ROOT, "%.6f", x);
                default -> String.format(java.util.Locale.ROOT, "%.9e", x);
            });
        }
        Path f = dir.resolve("s.txt");
        Files.writeString(f, String.join("\r\n", lines) + "\n\n");
        double[] got = ScoreFiles.read(f);
        assertEquals(lines.size(), got.length);
        for (int i = 0; i < got.length; i++) {
            assertEquals(Double.doubleToRawLongBits(Double.parseDouble(lines.get(i).trim())),
                    Double.doubleToRawLongBits(got[i]), lines.get(i));
        }
    }

    @Test
    void aBadLineNamesItsNumberWhateverTheLineEnds(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.txt");
        Files.writeString(f, "0.1\r\n\r\n0.2\rabc\n0.3\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScoreFiles.read(f));
        assertTrue(e.getMessage().endsWith("bad.txt line 4: not a number: 'abc'"), e.getMessage());
    }
}
