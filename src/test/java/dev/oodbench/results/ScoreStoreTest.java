package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.eval.SampleScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreStoreTest {
    @TempDir
    Path run;

    static SampleScores knn(String params, double... scores) {
        return new SampleScores("mnist04-convnet", "knn", params, "notmnist-test", "0123456789abcdef", "all", scores);
    }

    @Test
    void float32ScoresTakeFourBytesEachAndReadBackWithTheirIdentity() throws IOException {
        double[] s = new double[1000];
        for (int i = 0; i < s.length; i++) s[i] = (float) Math.sin(i);
        ScoreStore.write(run, knn("k=50;bank_fraction=1.0", s));
        Path f = ScoreStore.path(run, "mnist04-convnet", "knn", "k=50;bank_fraction=1.0", "notmnist-test");
        assertEquals("knn~k=50,bank_fraction=1.0", f.getParent().getFileName().toString());
        assertTrue(Files.size(f) < 4 * s.length + 120, "4 bytes a score plus a header: " + Files.size(f));
        SampleScores back = ScoreStore.read(f);
        assertArrayEquals(s, back.scores(), 0);
        assertEquals("k=50;bank_fraction=1.0", back.params());
        assertEquals("0123456789abcdef", back.fingerprint());
        assertEquals("all", back.order());
        assertArrayEquals(s, ScoreFiles.read(run, "mnist04-convnet", "knn", "notmnist-test"), 0,
                "readers that know only the detector's name find the binary file");
    }

    @Test
    void scoresThatAreNotFloat32KeepFullPrecision() throws IOException {
        double[] s = {0.1, Math.PI, -1e-300};
        ScoreStore.write(run, knn("", s));
        assertArrayEquals(s, ScoreStore.find(run, "mnist04-convnet", "knn", "", "notmnist-test").scores(), 0);
    }

    @Test
    void twoParameterSetsOfOneDetectorKeepTwoFiles() throws IOException {
        ScoreStore.write(run, knn("k=50;bank_fraction=1.0", 1, 2, 3));
        ScoreStore.write(run, knn("k=100;bank_fraction=1.0", 4, 5, 6));
        assertArrayEquals(new double[] {1, 2, 3},
                ScoreStore.find(run, "mnist04-convnet", "knn", "k=50;bank_fraction=1.0", "notmnist-test").scores(), 0);
        assertArrayEquals(new double[] {4, 5, 6},
                ScoreStore.find(run, "mnist04-convnet", "knn", "k=100;bank_fraction=1.0", "notmnist-test").scores(), 0);
    }

    @Test
    void parametersThatCleanToOneFolderAreRefusedNotOverwritten() throws IOException {
        ScoreStore.write(run, knn("k=a b", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScoreStore.write(run, knn("k=a/b", 2)));
        assertEquals(1, e.getMessage().lines().count());
        assertArrayEquals(new double[] {1}, ScoreStore.find(run, "mnist04-convnet", "knn", "k=a b", "notmnist-test").scores(), 0);
    }

    @Test
    void aDamagedFileIsOneLineNamingIt() throws IOException {
        ScoreStore.write(run, knn("", 1, 2, 3));
        Path f = ScoreStore.path(run, "mnist04-convnet", "knn", "", "notmnist-test");
        byte[] b = Files.readAllBytes(f);
        b[b.length - 8] ^= 1;
        Files.write(f, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScoreStore.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("checksum"), e.getMessage());
        Files.write(f, java.util.Arrays.copyOf(b, 20));
        e = assertThrows(IllegalArgumentException.class, () -> ScoreStore.read(f));
        assertEquals(1, e.getMessage().lines().count());
        assertNotEquals("", e.getMessage());
    }
}
