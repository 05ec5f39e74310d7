package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.detect.FitData;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ShippedModels;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fit-data cache on the shipped ResNet-20, with the 2,000 seeded uniform-noise images as its "training set". */
class FitDataCacheTest {
    private static void assertSameData(FitData expected, FitData actual) {
        assertArrayEquals(expected.train().logits(), actual.train().logits());
        assertArrayEquals(expected.train().features(), actual.train().features());
        assertArrayEquals(expected.labels(), actual.labels());
        assertArrayEquals(expected.weight(), actual.weight());
        assertArrayEquals(expected.bias(), actual.bias());
        // the pooled stage maps (MDS-ensemble's fit data) come back too, and the map parts from the model
        assertEquals(expected.pooledStages().names(), actual.pooledStages().names());
        assertEquals(3, actual.pooledStages().stages());
        for (int s = 0; s < 3; s++) {
            assertArrayEquals(expected.pooledStages().values().get(s), actual.pooledStages().values().get(s));
            assertArrayEquals(expected.pooledStages().shapes().get(s), actual.pooledStages().shapes().get(s));
        }
        assertEquals(expected.mapHead().flatten(), actual.mapHead().flatten());
        assertTrue(actual.trainingMaps() != null);
    }

    @Test
    void aCachedFileIsReadBackAndADamagedOneIsRecomputedAndRewritten(@TempDir Path dir) throws Exception {
        Path modelDir = ShippedModels.dir("cifar10-resnet20");
        try (Classifier model = Classifier.load(modelDir, Device.CPU)) {
            FitDataCache cache = new FitDataCache(dir);
            int[] images = {0};
            FitData fresh = cache.get(model, modelDir, "uniform", 500, n -> images[0] += n);
            assertEquals(2000, images[0], "computed: every image through the model");
            assertEquals(64, fresh.dim());
            List<Path> files;
            try (var l = Files.list(dir)) {
                files = l.toList();
            }
            assertEquals(1, files.size(), files.toString());
            Path file = files.get(0);
            byte[] good = Files.readAllBytes(file);

            images[0] = 0;
            assertSameData(fresh, cache.get(model, modelDir, "uniform", 500, n -> images[0] += n));
            assertEquals(0, images[0], "read from the cache, no forward pass");

            byte[] hugeCount = good.clone();
            ByteBuffer.wrap(hugeCount).putInt(4, Integer.MAX_VALUE); // n: sizes arrays beyond any heap
            byte[] wrongMagic = good.clone();
            wrongMagic[0] ^= 0x55;
            for (byte[] damaged : List.of(Arrays.copyOf(good, good.length / 2), hugeCount, wrongMagic)) {
                Files.write(file, damaged);
                images[0] = 0;
                assertSameData(fresh, cache.get(model, modelDir, "uniform", 500, n -> images[0] += n));
                assertEquals(2000, images[0], "recomputed, not trusted");
                assertArrayEquals(good, Files.readAllBytes(file), "and written again");
            }
        }
    }
}
