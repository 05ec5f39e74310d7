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
        assertEquals(1, run("compare", base.toString(), cand.toString(), "--markdown", md.toString(), "--csv", csv.toString()));
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
}
