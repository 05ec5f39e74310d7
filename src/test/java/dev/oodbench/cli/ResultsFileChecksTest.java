package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.CsvTable;
import dev.oodbench.results.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare and report reject results files with impossible values: one line naming file and line, exit 2. */
class ResultsFileChecksTest {
    @TempDir
    Path dir;

    final Captured cli = new Captured();

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
        cli.err.getBuffer().setLength(0);
        assertEquals(2, cli.run(args), cli.out.toString());
        String e = cli.err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains(file + " line " + line + ": column " + column), e);
        assertFalse(e.contains("Exception"), e);
    }

    /** A candidate run whose {@code file} has {@code column} = {@code value} in one ok row: compare and report refuse it. */
    private void refusedEverywhere(String file, String keyColumn, String keyValue, String column, String value)
            throws IOException {
        Path base = run("20261123-000000-a-0123456", "a");
        Path cand = run("20261123-000001-a-0123456", "a");
        Path csv = cand.resolve(file);
        int line = corrupt(csv, keyColumn, keyValue, column, value);
        assertRejected(csv, line, column, "compare", base.toString(), cand.toString());
        assertRejected(csv, line, column, "report", cand.toString());
        assertFalse(Files.exists(cand.resolve("report.md")), "no report of a bad file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "-3", "NaN", "Infinity", "1e308", "abc"})
    void anImpossibleAurocIsRejectedByCompareAndReport(String auroc) throws IOException {
        refusedEverywhere("accuracy.csv", "detector", "vim", "auroc", auroc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "-1", "0", "Infinity"})
    void anImpossibleTimeIsRejected(String score) throws IOException {
        refusedEverywhere("performance.csv", "benchmark", "score", "score", score);
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
        assertEquals(2, cli.run("compare", a.resolve("accuracy.csv").toString(), b.resolve("performance.csv").toString()));
        String e = cli.err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("share no row"), e);
    }
}
