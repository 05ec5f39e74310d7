package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesIntoTheRunFolderOrOut() throws IOException {
        Path a = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path b = Fixtures.fullRun(dir, "20261124-000000-beta-0123456", "2026-11-24T00:00:00Z", "beta", true, 0.5);
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        assertEquals(0, cmd.execute("report", a.toString()));
        assertTrue(Files.isRegularFile(a.resolve("report.html")) && Files.isRegularFile(a.resolve("report.md")));
        assertTrue(out.toString().startsWith("wrote "), out.toString());
        Path o = dir.resolve("side-by-side");
        assertEquals(0, Main.commandLine().execute("report", a.toString(), b.toString(), "--out", o.toString()));
        assertTrue(Files.readString(o.resolve("report.html")).contains("Hardware side by side"));
    }

    @Test
    void aMissingRunIsExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        assertEquals(2, cmd.execute("report", dir.resolve("nope").toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }
}
