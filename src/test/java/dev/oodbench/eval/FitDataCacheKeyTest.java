package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache key follows the model's content, for inference exports (weights as constants) and training exports alike. */
class FitDataCacheKeyTest {
    @TempDir
    Path dir;

    @Test
    void keysTheShippedInferenceModelsAndTheirTrainingExportsByContent() throws Exception {
        Path inference = Path.of("models/savedmodel/cifar10-resnet20");
        Path training = Path.of("models/training/cifar10-resnet20");
        assertFalse(Files.isDirectory(inference.resolve("variables")), "the shipped model keeps its weights as constants");
        String a = FitDataCache.key(inference);
        assertEquals(a, FitDataCache.key(inference));
        assertNotEquals(a, FitDataCache.key(training));
        // a changed graph is another model
        Path copy = Files.createDirectories(dir.resolve("m"));
        byte[] pb = Files.readAllBytes(inference.resolve("saved_model.pb"));
        pb[pb.length - 1] ^= 1;
        Files.write(copy.resolve("saved_model.pb"), pb);
        assertNotEquals(a, FitDataCache.key(copy));
    }
}
