package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code oodbench} launcher script itself, run by bash with its output redirected as a user does. It
 * runs from a copy beside a jar whose manifest points at this build's classes (the real jar is made
 * after the tests).
 */
class LauncherTest {
    @TempDir
    Path dir;

    private Path launcher() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path script = home.resolve("oodbench");
        Files.copy(Path.of("oodbench"), script);
        assertTrue(script.toFile().setExecutable(true));
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path")
                .split(File.pathSeparator)).map(p -> Path.of(p).toUri().toString()).collect(Collectors.joining(" ")));
        Files.createDirectories(home.resolve("target"));
        try (OutputStream out = Files.newOutputStream(home.resolve("target/oodbench.jar"));
             JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return script;
    }

    private void bash(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("bash.out").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
    }

    @Test
    void stderrAndStdoutRedirectedToOneFileKeepEveryLine() throws Exception {
        Path oodbench = launcher();
        // the error line goes to stderr, then the shell writes to the same file through stdout
        bash("{ echo before; " + oodbench + " compare no-such-a no-such-b; echo \"rc=$?\"; echo after; } > run.log 2>&1");
        List<String> log = Files.readAllLines(dir.resolve("run.log"));
        assertEquals(4, log.size(), log + " / " + Files.readString(dir.resolve("bash.out")));
        assertEquals("before", log.get(0));
        assertTrue(log.get(1).startsWith("oodbench compare: ") && log.get(1).contains("no-such-a"), log.get(1));
        assertEquals(List.of("rc=2", "after"), log.subList(2, 4));
    }

    @Test
    void aModelThatFailsToLoadIsTheSuitesOneLineWithoutTensorFlowsKernelLog() throws Exception {
        Path oodbench = launcher();
        Path model = dev.oodbench.model.ShippedModels.copyTree(Path.of("models/training/mnist04-convnet"), dir.resolve("tv"));
        Path data = model.resolve("variables/variables.data-00000-of-00001");
        byte[] b = Files.readAllBytes(data);
        Files.write(data, Arrays.copyOf(b, b.length / 2));
        bash(oodbench + " eval --model " + model + " --id uniform --ood gaussian --detectors mls --bootstrap 0 --results "
                + dir.resolve("r") + " > run.log 2>&1");
        List<String> log = Files.readAllLines(dir.resolve("run.log"));
        assertEquals(1, log.size(), String.join("\n", log));
        assertTrue(log.get(0).startsWith("oodbench eval: model " + model + ": TensorFlow cannot load this SavedModel"), log.get(0));
    }
}
