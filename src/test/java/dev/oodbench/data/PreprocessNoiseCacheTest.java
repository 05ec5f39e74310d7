package dev.oodbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreprocessNoiseCacheTest {
    @TempDir
    Path dir;

    @Test
    void greyBecomesRgbAndBack() {
        ImageSet g = new ImageSet("g", 1, 2, 1, new float[] {0.2f, 0.8f}, new int[] {3});
        ImageSet rgb = Preprocess.adapt(g, 1, 2, 3);
        assertArrayEquals(new float[] {0.2f, 0.2f, 0.2f, 0.8f, 0.8f, 0.8f}, rgb.pixels());
        assertEquals(3, rgb.label(0));
        assertArrayEquals(g.pixels(), Preprocess.rgbToGrey(rgb).pixels(), 1e-6f);
    }

    @Test
    void resizeKeepsConstantImagesAndAveragesEdges() {
        float[] px = new float[16];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) px[y * 4 + x] = x < 2 ? 0f : 1f;
        ImageSet s = Preprocess.resize(new ImageSet("s", 4, 4, 1, px, new int[1]), 2, 2);
        // half-pixel centres: output pixel 0 samples x = 0.5 (between 0 and 0), pixel 1 samples x = 2.5 (1 and 1)
        assertArrayEquals(new float[] {0f, 1f, 0f, 1f}, s.pixels(), 1e-6f);
        ImageSet up = Preprocess.resize(new ImageSet("u", 1, 2, 1, new float[] {0f, 1f}, new int[1]), 1, 4);
        assertArrayEquals(new float[] {0f, 0.25f, 0.75f, 1f}, up.pixels(), 1e-6f);
    }

    @Test
    void invertFlipsPolarity() {
        ImageSet s = Preprocess.invert(new ImageSet("s", 1, 2, 1, new float[] {0f, 0.25f}, new int[1]));
        assertArrayEquals(new float[] {1f, 0.75f}, s.pixels());
    }

    @Test
    void noiseIsSeededAndInRange() {
        for (Noise.Kind k : Noise.Kind.values()) {
            ImageSet a = Noise.make(k, 10, 8, 8, 3, 1);
            ImageSet b = Noise.make(k, 10, 8, 8, 3, 1);
            ImageSet c = Noise.make(k, 10, 8, 8, 3, 2);
            assertArrayEquals(a.pixels(), b.pixels(), k + " same seed");
            assertFalse(java.util.Arrays.equals(a.pixels(), c.pixels()), k + " other seed");
            double mean = 0;
            for (float v : a.pixels()) {
                assertTrue(v >= 0 && v <= 1, k + " in [0,1]");
                if (k == Noise.Kind.RADEMACHER) assertTrue(v == 0f || v == 1f);
                mean += v / a.pixels().length;
            }
            assertEquals(0.5, mean, 0.05, k + " mean");
        }
    }

    @Test
    void catalogAdaptsNoiseAndNamesUnknownSets() throws IOException {
        ImageSet n = DatasetCatalog.load("rademacher", 28, 28, 1);
        assertEquals(2000, n.size());
        assertEquals(28, n.height());
        assertEquals(1, n.channels());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetCatalog.load("svhn"));
        assertTrue(e.getMessage().contains("known:"), e.getMessage());
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void downloadsAreVerifiedAndNeverLeftHalfWritten() throws Exception {
        byte[] good = Fixtures.idxLabels(50);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/labels", ex -> {
            ex.sendResponseHeaders(200, good.length);
            ex.getResponseBody().write(good);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/labels";
            DataCache cache = new DataCache(dir.resolve("cache"), true);
            DatasetFile ok = DatasetFile.plain("x/labels", "sha256:" + sha256(good), url);
            Path got = cache.file(ok);
            assertArrayEquals(good, Files.readAllBytes(got));
            DatasetFile wrong = DatasetFile.plain("y/labels", "sha256:" + "0".repeat(64), url);
            IOException e = assertThrows(IOException.class, () -> cache.file(wrong));
            assertTrue(e.getMessage().contains("does not match"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("cache/y")), "no temporary file and no empty folder left behind");
            assertTrue(Files.isDirectory(dir.resolve("cache/x")), "a folder that holds a file stays");
            DataCache offline = new DataCache(dir.resolve("offline"), false);
            e = assertThrows(IOException.class, () -> offline.file(ok));
            assertTrue(e.getMessage().contains("is missing; put it at"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void checksumOfDecompressedContentSurvivesRegzipping() throws Exception {
        byte[] raw = Fixtures.idxLabels(20);
        Path f = Fixtures.write(dir, "l.gz", Fixtures.gzip(raw));
        DataCache.verify(DatasetFile.gzContent("l.gz", "sha256:" + sha256(raw), null), f);
        Path corrupt = Fixtures.write(dir, "c.gz", Fixtures.gzip(Fixtures.idxLabels(21)));
        assertThrows(DatasetFormatException.class,
                () -> DataCache.verify(DatasetFile.gzContent("c.gz", "sha256:" + sha256(raw), null), corrupt));
    }
}
