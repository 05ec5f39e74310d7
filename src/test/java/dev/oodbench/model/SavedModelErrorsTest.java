package dev.oodbench.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged SavedModel, loaded by real TensorFlow: the error names the folder and the fix, in one line. */
class SavedModelErrorsTest {
    @TempDir
    Path dir;

    private Path copy() throws IOException {
        return ShippedModels.copy("mnist04-convnet", dir.resolve("mnist04-convnet"));
    }

    private static void truncate(Path file, double keep) throws IOException {
        byte[] b = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(b, (int) (b.length * keep)));
    }

    private static void assertNamesFolderAndFix(Path model) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            try (Classifier c = Classifier.load(model, Device.CPU)) {
                c.run(new float[28 * 28], 1);
            }
        });
        String m = e.getMessage();
        assertTrue(m.startsWith("model " + model + ": "), m);
        assertTrue(m.contains("restore the folder"), m);
        assertTrue(m.lines().count() == 1, m);
    }

    @Test
    void aTruncatedGraph() throws IOException {
        Path m = copy();
        truncate(m.resolve("saved_model.pb"), 0.5);
        assertNamesFolderAndFix(m);
    }

    @Test
    void anEmptyGraph() throws IOException {
        Path m = copy();
        Files.write(m.resolve("saved_model.pb"), new byte[0]);
        assertNamesFolderAndFix(m);
    }

    @Test
    void truncatedVariables() throws IOException {
        // the shipped inference export keeps its weights as constants; the training export has variables
        Path m = ShippedModels.copyTree(Path.of("models/training/mnist04-convnet"), dir.resolve("training"));
        truncate(m.resolve("variables/variables.data-00000-of-00001"), 0.5);
        assertNamesFolderAndFix(m);
    }

    @Test
    void aTrainingExportWithoutVariablesSaysSoInOneWholeLine() throws IOException {
        Path m = ShippedModels.copyTree(Path.of("models/training/mnist04-convnet"), dir.resolve("no-variables"));
        try (var files = Files.walk(m.resolve("variables"))) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Classifier.load(m, Device.CPU).close());
        String msg = e.getMessage();
        assertTrue(msg.lines().count() == 1, msg);
        assertTrue(msg.contains("uninitialized value") && msg.contains("{{node "), "TensorFlow's message whole: " + msg);
        assertTrue(msg.endsWith("); its variables/ folder is missing: restore the folder (git checkout, or export it "
                + "again with oodbench train)"), msg);
    }
}
