package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.DataCache;
import dev.oodbench.detect.FitData;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ShippedModels;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fit-data cache never gives results that the data on disk would not give: the MNIST convnet's
 * "training set" is {@code mnist04-test}, read from MNIST-format files the test writes into a data root
 * of its own (10,000 images of which 5,139 are digits 0-4, as the catalog expects) and then changes,
 * truncates and damages.
 */
class FitDataCacheTrustTest {
    private static final int N = 10000;
    /** Images of digits 0-4 among them: the catalog's count of mnist04-test. */
    private static final int N04 = 5139;
    private static final String SET = "mnist04-test";
    @TempDir
    Path root;
    @TempDir
    Path cacheDir;
    private Path modelDir;
    private DataCache data;
    private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();

    @BeforeEach
    void trainingSet() throws IOException {
        modelDir = ShippedModels.dir("mnist04-convnet");
        data = new DataCache(root, false);
        writeImages(false);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(2049);
        o.writeInt(N);
        for (int i = 0; i < N; i++) o.writeByte(i < N04 ? i % 5 : 5 + i % 5);
        write("mnist/t10k-labels-idx1-ubyte.gz", gzip(b.toByteArray()));
    }

    /** Digit-like strokes: a bright bar whose place depends on the image; inverted: 255 minus each pixel. */
    private void writeImages(boolean inverted) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(2051);
        o.writeInt(N);
        o.writeInt(28);
        o.writeInt(28);
        for (int i = 0; i < N; i++) {
            for (int r = 0; r < 28; r++) {
                for (int c = 0; c < 28; c++) {
                    int v = Math.abs(c - 4 - (i % 5) * 4) < 2 && r > 4 && r < 24 ? 255 : (i * 7 + r * 3 + c) % 40;
                    o.writeByte(inverted ? 255 - v : v);
                }
            }
        }
        write("mnist/t10k-images-idx3-ubyte.gz", gzip(b.toByteArray()));
    }

    private void write(String name, byte[] content) throws IOException {
        Path p = root.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    private FitDataCache cache(Path dir) {
        return new FitDataCache(dir, data, new PrintStream(warnings, true, StandardCharsets.UTF_8));
    }

    private List<Path> fitFiles() throws IOException {
        try (var l = Files.list(cacheDir)) {
            return l.filter(p -> p.toString().endsWith(".fit")).toList();
        }
    }

    @Test
    void aChangedOrTruncatedTrainingFileIsNeverAnsweredFromTheCache() throws Exception {
        try (Classifier model = Classifier.load(modelDir, Device.CPU)) {
            int[] images = {0};
            FitData original = cache(cacheDir).get(model, modelDir, SET, 100, n -> images[0] += n);
            assertEquals(N04, images[0], "computed");
            images[0] = 0;
            cache(cacheDir).get(model, modelDir, SET, 100, n -> images[0] += n);
            assertEquals(0, images[0], "the same data: read from the cache");

            writeImages(true); // same size, same name, other pixels
            images[0] = 0;
            FitData inverted = cache(cacheDir).get(model, modelDir, SET, 100, n -> images[0] += n);
            assertEquals(N04, images[0], "changed data: computed again, not the old outputs");
            assertFalse(Arrays.equals(original.train().features(), inverted.train().features()));
            assertEquals(2, fitFiles().size(), "each content under its own key");

            Path file = root.resolve("mnist/t10k-images-idx3-ubyte.gz");
            byte[] whole = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(whole, whole.length / 2));
            assertThrows(IOException.class, () -> cache(cacheDir).get(model, modelDir, SET, 100, n -> { }),
                    "a truncated training file is read, and fails, instead of being answered from the cache");
        }
    }

    @Test
    void damagedValuesInTheFileAreRecomputedNotTrusted() throws Exception {
        try (Classifier model = Classifier.load(modelDir, Device.CPU)) {
            FitData fresh = cache(cacheDir).get(model, modelDir, SET, 100, n -> { });
            Path file = fitFiles().get(0);
            byte[] good = Files.readAllBytes(file);
            assertEquals(PosixFilePermissions.fromString("rw-r--r--"), Files.getPosixFilePermissions(file),
                    "readable like any other build output");

            byte[] region = good.clone(); // 200 feature values overwritten with 50.0, the size unchanged
            int features = 16 + 4 * fresh.train().n() * fresh.classes();
            ByteBuffer bb = ByteBuffer.wrap(region);
            for (int i = 0; i < 200; i++) bb.putFloat(features + 4 * i, 50f);
            byte[] oneBit = good.clone();
            oneBit[features + 41] ^= 0x04;
            for (byte[] damaged : List.of(region, oneBit)) {
                Files.write(file, damaged);
                int[] images = {0};
                FitData again = cache(cacheDir).get(model, modelDir, SET, 100, n -> images[0] += n);
                assertEquals(N04, images[0], "recomputed");
                assertArrayEquals(fresh.train().features(), again.train().features());
                assertArrayEquals(good, Files.readAllBytes(file), "and written again");
            }
        }
    }

    @Test
    void aCacheFolderThatCannotBeWrittenCostsAWarningNotTheRun() throws Exception {
        Path notAFolder = Files.writeString(cacheDir.resolve("cache"), "a file where the cache folder should be");
        try (Classifier model = Classifier.load(modelDir, Device.CPU)) {
            FitData fit = cache(notAFolder).get(model, modelDir, SET, 100, n -> { });
            assertEquals(N04, fit.train().n());
            String w = warnings.toString(StandardCharsets.UTF_8);
            assertTrue(w.startsWith("warning: cannot write the fit-data cache " + notAFolder), w);
            assertEquals(1, w.lines().count(), w);
        }
    }
}
