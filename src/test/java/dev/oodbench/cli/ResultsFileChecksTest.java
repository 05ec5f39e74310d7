package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.CsvTable;
import dev.oodbench.results.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** compare and report reject results files with impossible values: one line naming file and line, exit 2. */
class ResultsFileChecksTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private Path run(String id, String host) throws IOException {
        return Fixtures.fullRun(dir, id, "2026-11-23T00:00:00Z", host, false, 1.0);
    }

    /** Sets {@code column} of the first row matching {@code benchmarkOrDetector}; returns that row's line. */
    private static int corrupt(Path csv, String keyColumn, String keyValue, String column, String value) throws IOException {
        CsvTable t = CsvTable.read(csv);
        for (int i = 0; i < t.rows().size(); i++) {
            Map<String, String> row = t.rows().get(i);
            if (row.get(keyColumn).equals(keyValue) && row.getOrDefault("status", "ok").equals("ok")) {
                row.put(column, value);
                t.write(csv);
                return i + 2;
            }
        }
        throw new AssertionError("no row " + keyValue);
    }

    private void assertRejected(Path file, int line, String column, String... args) {
        err.getBuffer().setLength(0);
        assertEquals(2, run(args), out.toString());
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains(file + " line " + line + ": column " + column), e);
        assertFalse(e.contains("Exception"), e);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "-3", "NaN", "Infinity", "1e308", "abc"})
    void anImpossibleAurocIsRejectedByCompareAndReport(String auroc) throws IOException {
        Path base = run("20261123-000000-a-0123456", "a");
        Path cand = run("20261123-000001-a-0123456", "a");
        Path acc = cand.resolve("accuracy.csv");
        int line = corrupt(acc, "detector", "vim", "auroc", auroc);
        assertRejected(acc, line, "auroc", "compare", base.toString(), cand.toString());
        assertRejected(acc, line, "auroc", "report", cand.toString());
        assertFalse(Files.exists(cand.resolve("report.md")), "no report of a bad file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "-1", "0", "Infinity"})
    void anImpossibleTimeIsRejected(String score) throws IOException {
        Path base = run("20261123-000000-a-0123456", "a");
        Path cand = run("20261123-000001-a-0123456", "a");
        Path perf = cand.resolve("performance.csv");
        int line = corrupt(perf, "benchmark", "score", "score", score);
        assertRejected(perf, line, "score", "compare", base.toString(), cand.toString());
        assertRejected(perf, line, "score", "report", cand.toString());
    }

    @Test
    void countsMustBePositiveAndIntervalsOrdered() throws IOException {
        Path base = run("20261123-000000-a-0123456", "a");
        Path acc = base.resolve("accuracy.csv");
        int line = corrupt(acc, "detector", "mls", "n_ood", "-4");
        assertRejected(acc, line, "n_ood", "report", base.toString());
        corrupt(acc, "detector", "mls", "n_ood", "4861");
        line = corrupt(acc, "detector", "mls", "auroc_lo", "0.99");
        corrupt(acc, "detector", "mls", "auroc_hi", "0.5");
        assertRejected(acc, line, "auroc_lo", "report", base.toString());
    }

    @Test
    void filesThatShareNoRowAreExitTwo() throws IOException {
        Path a = run("20261123-000000-a-0123456", "a");
        Path b = run("20261123-000001-a-0123456", "a");
        assertEquals(2, run("compare", a.resolve("accuracy.csv").toString(), b.resolve("performance.csv").toString()));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("share no row"), e);
    }
}
