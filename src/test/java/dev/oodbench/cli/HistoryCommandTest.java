package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HistoryCommandTest {
    @TempDir
    Path dir;

    private String run(Path results) {
        StringWriter out = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        assertEquals(0, cmd.execute("history", "--results", results.toString()));
        return out.toString();
    }

    @Test
    void listsRunsOldestFirst() throws IOException {
        Fixtures.fullRun(dir, "20261124-090000-beta-0123456", "2026-11-24T09:00:00Z", "beta", false, 0.5);
        Fixtures.fullRun(dir, "20261120-090000-alpha-0123456", "2026-11-20T09:00:00Z", "alpha", false, 1.0);
        List<String> lines = run(dir).lines().toList();
        assertTrue(lines.get(0).startsWith("series: alpha"), lines.toString());
        assertTrue(lines.get(2).contains("2026-11-20 09:00"), lines.toString());
        assertTrue(lines.get(4).startsWith("series: beta"), lines.toString());
        assertTrue(lines.get(6).contains("2026-11-24 09:00"), lines.toString());
    }

    @Test
    void anEmptyResultsOptionIsRefusedInOneLine() {
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(new StringWriter(), true));
        cmd.setErr(new PrintWriter(err, true));
        assertEquals(2, cmd.execute("history", "--results="));
        assertTrue(err.toString().contains("--results is empty"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    private int exit(Path results, StringWriter out, String... more) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        List<String> args = new java.util.ArrayList<>(List.of("history", "--results", results.toString()));
        args.addAll(List.of(more));
        return cmd.execute(args.toArray(new String[0]));
    }

    @Test
    void changesExitOneWhileTheNewestRunsAreOnTheWorseSide() throws IOException {
        dev.oodbench.report.HistoryChangesTest.history(dir, "alpha", 7, r -> r >= 4 ? 1.3 : 1, r -> 0, 11);
        StringWriter out = new StringWriter();
        assertEquals(1, exit(dir, out, "--changes"));
        assertTrue(out.toString().contains("regression  time  score mnist04-convnet knn batch=64 cpu threads=0  x1.3"), out.toString());
        assertTrue(out.toString().contains("1 current regression(s)"), out.toString());
        // without --changes the table alone, exit 0
        assertEquals(0, exit(dir, new StringWriter()));
    }

    @Test
    void changesExitZeroWhenNothingChanged() throws IOException {
        dev.oodbench.report.HistoryChangesTest.history(dir, "alpha", 7, r -> 1, r -> 0, 12);
        StringWriter out = new StringWriter();
        assertEquals(0, exit(dir, out, "--changes"));
        assertTrue(out.toString().contains("no change found"), out.toString());
    }

    @Test
    void noRunsIsSaidPlainly() throws IOException {
        Files.createDirectories(dir.resolve("runs"));
        assertTrue(run(dir).startsWith("no runs under"));
    }
}
