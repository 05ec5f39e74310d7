package dev.oodbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The real files under OODBENCH_DATA load with the official counts and label histograms. */
@EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+")
class RealDataTest {
    @Test
    void mnist() throws IOException {
        assertEquals(60000, DatasetCatalog.load("mnist-train").size());
        ImageSet test = DatasetCatalog.load("mnist-test");
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, test.labelHistogram());
        assertEquals(5139, DatasetCatalog.load("mnist04-test").size());
        assertEquals(4861, DatasetCatalog.load("mnist59-test").size());
    }

    @Test
    void cifar10() throws IOException {
        long before = usedHeap();
        long t0 = System.nanoTime();
        ImageSet train = DatasetCatalog.load("cifar10-train");
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("cifar10-train: %d images loaded in %.2f s, %.0f MiB of heap%n", train.size(), secs,
                (usedHeap() - before) / 1048576.0);
        assertEquals(50000, train.size());
        ImageSet test = DatasetCatalog.load("cifar10-test");
        int[] h = test.labelHistogram();
        for (int c = 0; c < 10; c++) assertEquals(1000, h[c]);
        assertArrayEquals(new int[] {3, 8, 8, 0, 6, 6, 1, 6, 3, 1}, java.util.Arrays.copyOf(test.labels(), 10));
        assertEquals(158 / 255f, test.pixels()[0], 0); // first R byte of test image 0 (SOURCES.md)
    }

    @Test
    void notMnistAndOmniglot() throws IOException {
        ImageSet nm = DatasetCatalog.load("notmnist-test");
        for (int c : nm.labelHistogram()) assertEquals(1000, c);
        ImageSet om = DatasetCatalog.load("omniglot");
        assertEquals(800, om.size());
        double mean = 0;
        for (float v : om.pixels()) mean += v / om.pixels().length;
        assertTrue(mean < 0.2, "inverted: mostly dark background, mean " + mean);
    }

    @Test
    void fashionMnist() throws IOException {
        // the decompressed content is checked (Debian recompressed the .gz containers); 1,000 images per class
        for (DatasetFile file : DatasetCatalog.entry("fashion-mnist-test").files()) {
            assertTrue(file.contentChecksum(), file.path());
            DataCache.verify(file, DatasetCatalog.root().resolve(file.path()));
        }
        ImageSet f = DatasetCatalog.load("fashion-mnist-test");
        assertEquals(10000, f.size());
        for (int c : f.labelHistogram()) assertEquals(1000, c);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        r.gc();
        return r.totalMemory() - r.freeMemory();
    }
}
