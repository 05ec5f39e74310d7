package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train's options are checked before any data is loaded or any step is trained. */
class TrainOptionsTest {
    @TempDir
    Path dir;

    private String fails(String... args) {
        Captured cli = new Captured();
        long t0 = System.nanoTime();
        assertEquals(2, cli.run(args), cli.err.toString());
        assertTrue((System.nanoTime() - t0) / 1e9 < 30, "refused before training");
        assertEquals(1, cli.err.toString().strip().lines().count(), cli.err.toString());
        return cli.err.toString().strip();
    }

    @Test
    void epochsBatchSizeStepsAndLearningRateMustBeUsable() {
        String out = dir.resolve("m").toString();
        assertEquals("oodbench train: --epochs 0: give 1 or more (an untrained model is no model)",
                fails("train", "mnist04-convnet", "--epochs", "0", "--out", out));
        assertEquals("oodbench train: --epochs -1: give 1 or more (an untrained model is no model)",
                fails("train", "mnist04-convnet", "--epochs", "-1", "--out", out));
        assertEquals("oodbench train: --batch-size 0: give 1 or more",
                fails("train", "mnist04-convnet", "--batch-size", "0", "--out", out));
        assertTrue(fails("train", "mnist04-convnet", "--learning-rate", "-0.1", "--out", out)
                .startsWith("oodbench train: --learning-rate -0.1: give a number above 0"));
        assertTrue(Files.notExists(dir.resolve("m")));
    }

    @Test
    void anOutFolderHoldingASavedModelIsRefusedBeforeTraining() throws Exception {
        Path out = Files.createDirectories(dir.resolve("m"));
        Files.writeString(out.resolve("saved_model.pb"), "x");
        assertEquals("oodbench train: " + out + " already holds a SavedModel; choose another --out or delete it first",
                fails("train", "mnist04-convnet", "--epochs", "1", "--out", out.toString()));
    }
}
