package dev.oodbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.types.TFloat32;

/**
 * A kernel trace on a machine without a GPU, in a child JVM whose native stderr the test reads: the
 * kernels come back, and TensorFlow prints no "GPU trace was not collected" warning for them.
 */
class KernelTraceTest {
    @TempDir
    Path dir;

    /** The child: traces the MNIST model's forward pass three times and prints the kernel types it saw. */
    public static void main(String[] args) {
        try (Classifier m = Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.CPU)) {
            for (int i = 0; i < 3; i++) {
                try (TFloat32 x = m.inputTensor(new float[2 * 28 * 28], 2)) {
                    Map<String, long[]> k = KernelTrace.run(m.session().runner().feed(m.imagesInput(), x).fetch(m.logitsOutput()));
                    System.out.println(String.join(",", k.keySet()));
                }
            }
        }
    }

    @Test
    void aTraceOnTheCpuPrintsNoGpuTracerWarnings() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KernelTraceTest.class.getName())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "0"); // every native log line, warnings included
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err"));
        assertEquals(0, p.exitValue(), err);
        List<String> out = Files.readAllLines(dir.resolve("out"));
        assertEquals(3, out.size(), err);
        assertTrue(out.get(0).contains("FusedConv2D"), out.get(0));
        assertFalse(err.contains("GPU trace"), err);
    }
}
