package dev.oodbench.results;

import dev.oodbench.report.History;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunInfoTest {
    @TempDir
    Path dir;

    @Test
    void runIdIsTimeHostAndShortCommit() {
        Instant t = Instant.parse("2026-11-23T04:23:55Z");
        assertEquals("20261123-042355-vm-2fa8e3d", RunInfo.runId(t, "vm", "2fa8e3d00e100eb8bad37d010d144db5d05b8701-dirty"));
        assertEquals("20261123-042355-my_host-nocommit", RunInfo.runId(t, "my host", "unknown"));
    }

    @Test
    void collectDescribesThisMachine() {
        RunInfo i = RunInfo.collect();
        assertTrue(i.runId().matches("\\d{8}-\\d{6}-.+-.+"), i.runId());
        assertTrue(i.timestampUtc().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), i.timestampUtc());
        assertTrue(i.gitCommit().equals("unknown") || i.gitCommit().matches("[0-9a-f]{40}(-dirty)?"), i.gitCommit());
        assertTrue(i.cores() >= 1);
        assertTrue(!i.gpu().isEmpty() && !i.cpu().isEmpty() && !i.host().isEmpty());
        assertTrue(!i.suiteVersion().isEmpty() && !i.tfVersion().isEmpty());
        // this JVM's own oneDNN setting (the build sets it for the tests) is named after the TensorFlow version
        String env = System.getenv("TF_ENABLE_ONEDNN_OPTS");
        assertTrue(i.tfVersion().endsWith(" oneDNN " + (env != null && env.equals("0") ? "off" : "on")), i.tfVersion());
    }

    @Test
    void oneDnnSwitchIsReadAsTensorFlowReadsIt() {
        assertTrue(RunInfo.oneDnnOn(null));
        assertTrue(RunInfo.oneDnnOn("1"));
        assertTrue(RunInfo.oneDnnOn("true"));
        assertFalse(RunInfo.oneDnnOn("0"));
        assertFalse(RunInfo.oneDnnOn("FALSE"));
        assertFalse(RunInfo.oneDnnOn(" 0 "));
    }

    @Test
    void pomVersionIsTheProjectsNotTheParentsOrADependencys() {
        String pom = "<?xml version=\"1.0\"?><project><modelVersion>4.0.0</modelVersion><parent><version>9</version></parent>"
                + "<!-- <version>comment</version> --><groupId>g</groupId><artifactId>oodbench</artifactId>"
                + "<version>0.2.0</version><dependencies><dependency><version>1</version></dependency></dependencies></project>";
        assertEquals("0.2.0", RunInfo.pomVersion(pom));
        assertEquals(null, RunInfo.pomVersion("<project><dependencies><dependency><version>1</version></dependency></dependencies></project>"));
    }

    @Test
    void runPropertiesRoundTrip() throws IOException {
        RunInfo i = new RunInfo("20261123-042355-vm-2fa8e3d", "2026-11-23T04:23:55Z", "0.1.0", "abc-dirty", "vm",
                "AMD EPYC 7B13: 64-Core = fast", 2, "NVIDIA H100 80GB HBM3", "17.0.15", "2.18.0");
        i.write(dir);
        assertEquals(i, RunInfo.read(dir));
        assertEquals("abc-dirty", i.shortCommit());
        assertEquals("2fa8e3d-dirty", new RunInfo("r", "", "", "2fa8e3d00e100eb8bad37d010d144db5d05b8701-dirty", "", "", 0, "",
                "", "").shortCommit());
        assertEquals("2fa8e3d+", History.shortCommit("2fa8e3d00e100eb8bad37d010d144db5d05b8701-dirty"));
        assertThrows(java.io.FileNotFoundException.class, () -> RunInfo.read(dir.resolve("nope")));
    }

    @Test
    void runFoldersAreClaimedNeverShared() throws Exception {
        RunInfo one = Fixtures.info("20261123-042355-vm-2fa8e3d", "2026-11-23T04:23:55Z", "vm", "none");
        RunInfo first = one.claimRunDir(dir);
        RunInfo second = one.claimRunDir(dir);
        assertEquals("20261123-042355-vm-2fa8e3d", first.runId());
        assertEquals("20261123-042355-vm-2fa8e3d-2", second.runId());
        assertTrue(java.nio.file.Files.isDirectory(second.runDir(dir)));
        // eight runs started in the same second, at once: eight folders
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<RunInfo>> f = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) f.add(pool.submit(() -> one.claimRunDir(dir.resolve("par"))));
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (var x : f) ids.add(x.get().runId());
            assertEquals(8, ids.size(), ids.toString());
        } finally {
            pool.shutdown();
        }
        Path file = java.nio.file.Files.writeString(dir.resolve("f"), "x");
        IOException e = assertThrows(IOException.class, () -> one.claimRunDir(file));
        assertTrue(e.getMessage().startsWith("results folder " + file + " cannot be written"), e.getMessage());
    }

    private void git(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    @Test
    void theSuitesOwnOutputsNeverMakeTheTreeDirty() throws Exception {
        git("init", "-q");
        java.nio.file.Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        java.nio.file.Files.copy(Path.of(".gitignore"), dir.resolve(".gitignore"));
        git("add", "-A");
        git("commit", "-q", "-m", "c");
        String head = RunInfo.gitCommit(dir);
        assertTrue(head.matches("[0-9a-f]{40}"), head);
        // a run, an A/B result, a committed run's regenerated report, builds: all outputs of the suite
        java.nio.file.Files.createDirectories(dir.resolve("results/runs/r1"));
        java.nio.file.Files.writeString(dir.resolve("results/runs/r1/accuracy.csv"), "x\n");
        java.nio.file.Files.createDirectories(dir.resolve("results/ab/a1/forks"));
        java.nio.file.Files.writeString(dir.resolve("results/ab/a1/forks/fork-1.json"), "{}\n");
        java.nio.file.Files.createDirectories(dir.resolve("build/ab/x/target"));
        java.nio.file.Files.writeString(dir.resolve("build/ab/x/target/oodbench.jar"), "");
        assertEquals(head, RunInfo.gitCommit(dir), "outputs of the suite are no source change");
        java.nio.file.Files.writeString(dir.resolve("pom.xml"), "<project></project>\n");
        assertEquals(head + "-dirty", RunInfo.gitCommit(dir), "a source change is");
    }

    @Test
    void aRunFolderIsMarkedUnfinishedUntilItsRunFinishesAndIsNeverReadAsARunMeanwhile() throws Exception {
        RunInfo run = Fixtures.info("20261123-000000-h-0123456", "2026-11-23T00:00:00Z", "h", "none").claimRunDir(dir);
        Path runDir = run.runDir(dir);
        assertTrue(RunInfo.incomplete(runDir), "marked from the start");
        // what a run killed after its first results file leaves behind
        run.write(runDir);
        AccuracyCsv.write(runDir.resolve(AccuracyCsv.FILE_NAME), List.of(Fixtures.acc(run, "m", "mls", "uniform", "far", 0.9, 0.01)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunData.read(runDir));
        assertEquals(runDir + ": an unfinished run (it holds .incomplete: still running, or stopped, killed or out of disk "
                + "space before it finished); run it again, or delete the folder", e.getMessage());
        assertEquals(List.of(), History.runs(dir), "history lists no unfinished run");
        RunInfo.finish(runDir);
        assertFalse(RunInfo.incomplete(runDir));
        assertEquals(1, RunData.read(runDir).accuracy().size());
        assertEquals(1, History.runs(dir).size());
    }
}
