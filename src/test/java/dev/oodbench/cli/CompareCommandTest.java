package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.Fixtures;
import dev.oodbench.results.JmhImport;
import dev.oodbench.results.RunInfo;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {
    @TempDir
    Path dir;

    final Captured cli = new Captured();
    final StringWriter out = cli.out;
    final StringWriter err = cli.err;

    private int run(String... args) {
        return cli.run(args);
    }

    private Path runWithScore(String name, double ms, long seed) throws IOException {
        RunInfo info = Fixtures.info(name, "2026-11-23T00:00:00Z", "h", "none");
        Path r = dir.resolve(name);
        Files.createDirectories(r);
        AtomicFiles.writeString(r.resolve("jmh.json"), Fixtures.jmhFile(List.of(Fixtures.jmhEntry(
                "dev.oodbench.bench.ScoreBenchmark.score", "mnist04-convnet", "vim", 256, "cpu",
                Fixtures.samples(ms, 0.05, 2, 5, seed)))));
        JmhImport.writeRun(r, info, List.of());
        info.write(r);
        return r;
    }

    @Test
    void aRegressionExitsOneAndWritesMarkdownAndCsv() throws IOException {
        Path base = runWithScore("base", 10, 1);
        Path cand = runWithScore("cand", 20, 2);
        Path md = dir.resolve("out/pr.md");
        Path csv = dir.resolve("out/cmp.csv");
        // no between-run allowance: the two runs' own samples decide
        assertEquals(1, run("compare", base.toString(), cand.toString(), "--run-noise", "0", "--markdown", md.toString(),
                "--csv", csv.toString()));
        assertTrue(out.toString().contains("regression"), out.toString());
        assertTrue(out.toString().contains("score mnist04-convnet vim b=256 cpu t=0"), out.toString());
        assertTrue(Files.readString(md).contains("1 regression"));
        assertEquals("regression", CsvTable.read(csv).rows().get(0).get("verdict"));
    }

    @Test
    void noiseOnlyExitsZero() throws IOException {
        assertEquals(0, run("compare", runWithScore("base", 10, 3).toString(), runWithScore("cand", 10, 4).toString()));
        assertTrue(out.toString().contains("0 regressions"), out.toString());
    }

    @Test
    void thresholdsAreOptions() throws IOException {
        Path base = runWithScore("base", 10, 5);
        Path cand = runWithScore("cand", 20, 6);
        assertEquals(0, run("compare", base.toString(), cand.toString(), "--slower", "2.0"), "a 2x slowdown is within 200%");
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path good = runWithScore("base", 10, 7);
        assertEquals(2, run("compare", dir.resolve("nope").toString(), good.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains("no such run folder or file"), err.toString());
        assertFalse(err.toString().contains("Exception"), "no stack trace: " + err);

        Path wrong = dir.resolve("wrong.csv");
        Files.writeString(wrong, "benchmark,model\nscore,m\n");
        err.getBuffer().setLength(0);
        assertEquals(2, run("compare", wrong.toString(), good.toString()));
        assertTrue(err.toString().contains("missing columns"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());

        Path emptyDir = dir.resolve("empty");
        Files.createDirectories(emptyDir);
        err.getBuffer().setLength(0);
        assertEquals(2, run("compare", emptyDir.toString(), good.toString()));
        assertTrue(err.toString().contains("holds none of"), err.toString());

        assertEquals(2, run("compare", good.toString()), "a missing argument is a usage error");
    }

    private void clear() {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
    }

    private void oneLineExitTwo(String expected, String... args) {
        clear();
        assertEquals(2, run(args), out + "\n" + err);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().contains(expected), "expected '" + expected + "' in: " + err);
    }

    @Test
    void noOutputMayReplaceAnInputOrLandInAnInputRunFolder() throws IOException {
        Path base = runWithScore("base", 10, 21);
        Path cand = runWithScore("cand", 11, 22);
        Path candCsv = cand.resolve("performance.csv");
        String before = Files.readString(candCsv);
        oneLineExitTwo("would overwrite the input", "compare", base.resolve("performance.csv").toString(), candCsv.toString(),
                "--csv", candCsv.toString());
        oneLineExitTwo("would overwrite the input", "compare", base.toString(), candCsv.toString(), "--markdown", candCsv.toString());
        oneLineExitTwo("would write into the input run folder", "compare", base.toString(), cand.toString(),
                "--markdown", cand.resolve("pr.md").toString());
        oneLineExitTwo("would write into the input run folder", "compare", base.toString(), cand.toString(),
                "--csv", cand.resolve("cmp.csv").toString(), "--format", "bencher");
        assertEquals(before, Files.readString(candCsv), "the candidate's results are untouched");
        assertFalse(Files.exists(cand.resolve("pr.md")));
    }

    @Test
    void outputTargetsAreCheckedBeforeAnyWork() throws IOException {
        Path base = runWithScore("base", 10, 23);
        Path cand = runWithScore("cand", 11, 24);
        Path folder = dir.resolve("some-folder");
        Files.createDirectories(folder);
        oneLineExitTwo(folder + " is a folder", "compare", base.toString(), cand.toString(), "--csv", folder.toString());
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file beside the folder");
        }
        oneLineExitTwo("--markdown is empty", "compare", base.toString(), cand.toString(), "--markdown=");
        oneLineExitTwo("--csv is empty", "compare", base.toString(), cand.toString(), "--csv=");
        Path locked = dir.resolve("locked");
        Files.createDirectories(locked);
        locked.toFile().setWritable(false);
        try {
            if (!Files.isWritable(locked)) { // (root can write anywhere: then there is nothing to refuse)
                oneLineExitTwo("locked cannot be written", "compare", base.toString(), cand.toString(),
                        "--csv", locked.resolve("cmp.csv").toString());
                assertFalse(err.toString().contains(".tmp"), "the message names the target, not a temporary file: " + err);
            }
        } finally {
            locked.toFile().setWritable(true);
        }
        oneLineExitTwo("unknown format 'csv'", "compare", base.toString(), cand.toString(), "--format", "csv");
    }

    @Test
    void dashboardFilesAreNamedAfterTheCsvWithoutItsExtension() throws IOException {
        Path base = runWithScore("base", 10, 25);
        Path cand = runWithScore("cand", 11, 26);
        Path csv = dir.resolve("out/compare.csv");
        assertEquals(0, run("compare", base.toString(), cand.toString(), "--csv", csv.toString(), "--format",
                "bencher,github-action-benchmark"));
        assertTrue(Files.isRegularFile(dir.resolve("out/compare.bencher.json")), out.toString());
        assertTrue(Files.isRegularFile(dir.resolve("out/compare.github-action-benchmark.smaller.json")));
        assertTrue(Files.isRegularFile(dir.resolve("out/compare.github-action-benchmark.bigger.json")));
        assertFalse(Files.exists(dir.resolve("out/compare.csv.bencher.json")));
        String bencher = Files.readString(dir.resolve("out/compare.bencher.json"));
        assertTrue(bencher.contains("\"score mnist04-convnet vim b=256 cpu t=0\"") && bencher.contains("\"latency\""), bencher);
        assertFalse(bencher.contains("ratio"), "absolute values of the candidate, not ratios: " + bencher);
    }

    @Test
    void aShortRowNamesItsLineAndFieldCounts() throws IOException {
        Path base = runWithScore("base", 10, 27);
        Path cand = runWithScore("cand", 11, 28);
        Path csv = cand.resolve("performance.csv");
        List<String> lines = Files.readAllLines(csv);
        String row = lines.get(1);
        String cut = String.join(",", java.util.Arrays.copyOf(row.split(",", -1), 10));
        Path damaged = dir.resolve("damaged.csv");
        Files.writeString(damaged, lines.get(0) + "\n" + cut + "\n");
        int header = lines.get(0).split(",", -1).length;
        oneLineExitTwo(damaged + " line 2 has 10 fields, the header " + header, "compare", base.resolve("performance.csv").toString(),
                damaged.toString());
    }
}
