package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
    @TempDir
    Path dir;

    /** Every file under the folders with a digest of its bytes and its modification time. */
    static Map<String, String> snapshot(Path... folders) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (Path f : folders) {
            try (Stream<Path> s = Files.walk(f)) {
                for (Path p : s.toList()) {
                    String v = Files.isDirectory(p) ? "dir" : digest(Files.readAllBytes(p)) + " " + Files.getLastModifiedTime(p);
                    m.put(p.toString(), v);
                }
            }
        }
        return m;
    }

    private static String digest(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aReportOverExistingRunsChangesNoFileInsideThem() throws IOException {
        Path a = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path b = Fixtures.fullRun(dir, "20261124-000000-beta-0123456", "2026-11-24T00:00:00Z", "beta", true, 0.5);
        // a run that already carries a report of its own, as the committed runs do
        Files.writeString(a.resolve("report.md"), "# the run's own report\n");
        Files.createDirectories(a.resolve("report-files"));
        Files.writeString(a.resolve("report-files/chart.png"), "png");
        Map<String, String> before = snapshot(a, b);
        Path results = dir.resolve("results");
        for (List<String> args : List.of(List.of("report", a.toString(), "--results", results.toString()),
                List.of("report", a.toString(), b.toString(), "--results", results.toString()))) {
            Captured c = new Captured();
            assertEquals(0, c.run(args.toArray(String[]::new)), c.err.toString());
            assertTrue(c.out.toString().startsWith("wrote "), c.out.toString());
        }
        assertEquals(before, snapshot(a, b), "no file inside the runs was added, changed or removed");
        assertTrue(Files.isRegularFile(results.resolve("reports/20261123-000000-alpha-0123456/report.html")));
        Path two = results.resolve("reports/20261123-000000-alpha-0123456-vs-20261124-000000-beta-0123456");
        assertTrue(Files.readString(two.resolve("report.html")).contains("Hardware comparison"));
    }

    @Test
    void theCommittedRunsStayAsTheyAre() throws IOException {
        Path run = Path.of("results/runs/20261123-131358-vm-ac6476e");
        Path other = Path.of("results/runs/20261130-044113-vm-d4d6a73");
        Map<String, String> before = snapshot(run, other);
        Captured c = new Captured();
        assertEquals(0, c.run("report", run.toString(), other.toString(), "--out", dir.resolve("r").toString()), c.err.toString());
        assertEquals(before, snapshot(run, other));
    }

    @Test
    void anEarlierReportIsReplacedOnlyWhenAsked() throws IOException {
        Path a = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path o = dir.resolve("out");
        assertEquals(0, new Captured().run("report", a.toString(), "--out", o.toString()));
        Files.writeString(o.resolve("report.md"), "kept");
        Captured c = new Captured();
        assertEquals(2, c.run("report", a.toString(), "--out", o.toString()));
        assertEquals(1, c.err.toString().strip().lines().count(), c.err.toString());
        assertTrue(c.err.toString().contains("already holds a report; pass --replace"), c.err.toString());
        assertEquals("kept", Files.readString(o.resolve("report.md")));
        assertEquals(0, new Captured().run("report", a.toString(), "--out", o.toString(), "--replace"));
        assertFalse(Files.readString(o.resolve("report.md")).equals("kept"));
    }

    @Test
    void anOutputInsideARunFolderIsRefused() throws IOException {
        Path a = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Map<String, String> before = snapshot(a);
        for (Path out : List.of(a, a.resolve("sub"), a.resolve("."))) {
            Captured c = new Captured();
            assertEquals(2, c.run("report", a.toString(), "--out", out.toString()));
            assertTrue(c.err.toString().contains("inside the run folder"), c.err.toString());
        }
        // a lone result file stands for the run folder holding it
        Captured c = new Captured();
        assertEquals(2, c.run("report", a.resolve("performance.csv").toString(), "--out", a.toString()));
        assertEquals(before, snapshot(a));
    }

    @Test
    void anEmptyOutIsRefused() throws IOException {
        Path a = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        boolean hadReport = Files.exists(Path.of("report.html"));
        for (String empty : List.of("--out=", "--out= ")) {
            Captured c = new Captured();
            assertEquals(2, c.run("report", a.toString(), empty));
            assertEquals(1, c.err.toString().strip().lines().count(), c.err.toString());
            assertTrue(c.err.toString().contains("--out is empty; name a folder"), c.err.toString());
        }
        assertEquals(hadReport, Files.exists(Path.of("report.html")), "nothing written into the current folder");
    }

    @Test
    void anOutThatIsAFileFailsBeforeTheWork() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        // the run does not even exist: the option is checked first, before any run is read
        Captured c = new Captured();
        assertEquals(2, c.run("report", dir.resolve("nope").toString(), "--out", file.toString()));
        assertEquals(1, c.err.toString().strip().lines().count(), c.err.toString());
        assertTrue(c.err.toString().contains("--out " + file + " is a file, not a folder"), c.err.toString());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aMissingRunIsExitTwo() {
        Captured c = new Captured();
        assertEquals(2, c.run("report", dir.resolve("nope").toString(), "--results", dir.toString()));
        assertEquals(1, c.err.toString().strip().lines().count(), c.err.toString());
    }
}
