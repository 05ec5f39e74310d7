package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.ImageSet;
import dev.oodbench.data.Noise;
import dev.oodbench.detect.FitData;
import dev.oodbench.detect.Gram;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ShippedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gram's fit through a training-map stream that keeps its summaries, on the shipped ResNet-20 with
 * 600 seeded noise images labelled 0..9 in turn as the "training set": the first fit streams the
 * maps and keeps the ranges; a second fit with the same powers reads them back without running the
 * model and scores exactly as the first; other powers, or a damaged file (checksum), stream again;
 * a cache folder that cannot be written still gives a fitted detector.
 */
class TrainingMapSummaryTest {
    @Test
    void gramRangesAreKeptPerPowersAndADamagedFileIsRecomputed(@TempDir Path dir) throws Exception {
        try (Classifier model = Classifier.load(ShippedModels.dir("cifar10-resnet20"), Device.CPU)) {
            ImageSet noise = Noise.make(Noise.Kind.UNIFORM, 600, 32, 32, 3, 7);
            int[] labels = new int[noise.size()];
            for (int i = 0; i < labels.length; i++) labels[i] = i % 10;
            ImageSet train = new ImageSet("noise-train", 32, 32, 3, noise.pixels(), labels);
            int[] passes = {0};
            Supplier<ImageSet> counted = () -> {
                passes[0]++;
                return train;
            };
            FitData plain = FitDataCollector.collect(model, train, 200, n -> { });
            FitData kept = plain.withMaps(plain.pooledStages(), plain.mapHead(),
                    new TrainingMapStream(model, counted, 200, dir.resolve("m-noise-key")));
            Classifier.Forward probe = model.runWithMaps(Noise.make(Noise.Kind.GAUSSIAN, 64, 32, 32, 3, 9).pixels(), 64, false);

            Gram reference = new Gram();
            reference.fit(plain); // streams, keeps nothing
            Gram first = new Gram();
            first.fit(kept);
            assertEquals(1, passes[0], "the first fit streams the maps once");
            Path file = dir.resolve("m-noise-key-gram-ranges-v1-powers5.summary");
            assertTrue(Files.isRegularFile(file), "and keeps the ranges");
            double[] expected = reference.referenceScores(probe.outputs(), probe.maps());
            assertArrayEquals(expected, first.referenceScores(probe.outputs(), probe.maps()));

            Gram second = new Gram();
            second.fit(kept);
            assertEquals(1, passes[0], "read back: no pass over the maps");
            assertArrayEquals(expected, second.referenceScores(probe.outputs(), probe.maps()));

            new Gram(3).fit(kept);
            assertEquals(2, passes[0], "other powers are another summary");
            try (var files = Files.list(dir)) {
                assertEquals(2, files.filter(f -> f.toString().endsWith(".summary")).count());
            }

            byte[] good = Files.readAllBytes(file);
            byte[] wrongKey = good.clone();
            wrongKey[8] ^= 0x20; // a letter of the key inside the file
            byte[] flippedValue = good.clone();
            flippedValue[good.length - 20] ^= 0x01; // a bit of the last range's value: only the checksum sees it
            for (byte[] damaged : List.of(Arrays.copyOf(good, good.length - 5), wrongKey, flippedValue, new byte[0])) {
                Files.write(file, damaged);
                Gram again = new Gram();
                again.fit(kept);
                assertArrayEquals(expected, again.referenceScores(probe.outputs(), probe.maps()));
                assertArrayEquals(good, Files.readAllBytes(file), "recomputed and written again");
            }
            assertEquals(6, passes[0], "each damaged file streamed the maps again");

            Files.writeString(dir.resolve("blocked"), "a file where the cache folder should be");
            FitData unwritable = plain.withMaps(plain.pooledStages(), plain.mapHead(),
                    new TrainingMapStream(model, counted, 200, dir.resolve("blocked").resolve("m-noise-key")));
            Gram notKept = new Gram();
            notKept.fit(unwritable);
            assertEquals(7, passes[0]);
            assertArrayEquals(expected, notKept.referenceScores(probe.outputs(), probe.maps()),
                    "a cache that cannot be written costs a pass, not the fit");
        }
    }
}
