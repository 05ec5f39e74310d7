package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.DatasetCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in a child JVM with OODBENCH_DATA pointing at a test folder (the data root is read
 * from the environment, as a user sets it): broken data is an error that names the file, absent data a skip.
 */
class DataErrorsTest {
    @TempDir
    Path dir;

    record Result(int rc, String out, String err) {}

    private Result oodbench(Path data, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), "-Doodbench.home=" + Path.of("").toAbsolutePath(),
                "dev.oodbench.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().put("OODBENCH_DATA", data.toString());
        pb.environment().put("OODBENCH_OFFLINE", "1");
        pb.environment().remove("OODBENCH_DEBUG");
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private Path file(Path data, String dataset, int k) {
        return data.resolve(DatasetCatalog.entry(dataset).files().get(k).path());
    }

    @Test
    void dataVerifyNamesFoldersMissingFilesAndAMissingRoot() throws Exception {
        Result r = oodbench(dir.resolve("no-such-folder"), "data", "verify");
        assertEquals(2, r.rc(), r.toString());
        assertEquals("oodbench data verify: OODBENCH_DATA=" + dir.resolve("no-such-folder") + " does not exist; point "
                + "OODBENCH_DATA at the folder that holds the datasets, or unset it to use ~/.cache/oodbench", r.err().strip());
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        r = oodbench(aFile, "data", "verify");
        assertEquals("oodbench data verify: OODBENCH_DATA=" + aFile + " is a file, not a folder; point it at the folder "
                + "that holds the datasets", r.err().strip());

        // data list says why every set is absent
        r = oodbench(dir.resolve("no-such-folder"), "data", "list");
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().lines().findFirst().orElse("").equals("data root: " + dir.resolve("no-such-folder")
                + " (OODBENCH_DATA=" + dir.resolve("no-such-folder") + " does not exist; point OODBENCH_DATA at the folder "
                + "that holds the datasets, or unset it to use ~/.cache/oodbench)"), r.out());

        Path data = Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(file(data, "notmnist-test", 0));
        r = oodbench(data, "data", "verify", "notmnist-test");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.out().contains("BAD     " + DatasetCatalog.entry("notmnist-test").files().get(0).path() + ": "
                + file(data, "notmnist-test", 0) + " is a folder"), r.out());
        assertTrue(r.out().contains("MISSING " + DatasetCatalog.entry("notmnist-test").files().get(1).path()), r.out());

        // every dataset: the partly present one is named, the wholly absent ones are not
        r = oodbench(data, "data", "verify");
        assertEquals(1, r.rc(), r.toString());
        assertTrue(r.out().contains("MISSING " + DatasetCatalog.entry("notmnist-test").files().get(1).path()), r.out());
        assertFalse(r.out().contains("cifar-100"), r.out());
    }

    @Test
    void aCorruptOodSetIsAnErrorNotASkippedRow() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        byte[] truncatedGzip = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x63, 0x60};
        for (int k = 0; k < 2; k++) {
            Files.createDirectories(file(data, "notmnist-test", k).getParent());
            Files.write(file(data, "notmnist-test", k), truncatedGzip);
        }
        Path results = dir.resolve("results");
        Result r = oodbench(data, "eval", "--model", "mnist04-convnet", "--id", "uniform", "--ood", "gaussian,notmnist-test",
                "--detectors", "mls", "--bootstrap", "0", "--results", results.toString());
        assertEquals(2, r.rc(), r.toString());
        String e = r.err().strip();
        assertTrue(e.lines().filter(l -> l.startsWith("oodbench eval: ")).count() == 1, e);
        assertTrue(e.contains("oodbench eval: " + data.resolve("notmnist/t10k-labels-idx1-ubyte.gz")), e);
        assertFalse(Files.exists(results.resolve("runs")) && results.resolve("runs").toFile().list().length > 0,
                "the failed run leaves no empty folder");
        // absent (not corrupt) is still a skipped set
        Files.delete(file(data, "notmnist-test", 0));
        Files.delete(file(data, "notmnist-test", 1));
        r = oodbench(data, "eval", "--model", "mnist04-convnet", "--id", "uniform", "--ood", "gaussian,notmnist-test",
                "--detectors", "mls", "--bootstrap", "0", "--results", results.toString());
        assertEquals(0, r.rc(), r.toString());
        assertTrue(r.out().contains("skipped notmnist-test"), r.out());
    }
}
