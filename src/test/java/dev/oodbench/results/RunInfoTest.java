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
}
