package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench's options: refused in one line with exit status 2 before a run folder exists. */
class BenchOptionsTest {
    @TempDir
    Path dir;

    private String fails(String... args) {
        Captured cli = new Captured();
        String[] all = new String[args.length + 3];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--results";
        all[args.length + 2] = dir.resolve("results").toString();
        assertEquals(2, cli.run(all), cli.err.toString());
        assertEquals(1, cli.err.toString().strip().lines().count(), cli.err.toString());
        assertTrue(Files.notExists(dir.resolve("results")), "nothing written");
        return cli.err.toString().strip();
    }

    @Test
    void outOfRangeEmptyAndRepeatedValuesAreOneLine() {
        assertTrue(fails("--threads", "100000").startsWith("oodbench bench: bench.threads (--threads): '100000' is outside 0.."),
                "no JMH fork is started");
        assertTrue(fails("--forks", "1000").contains("(--forks): '1000' is outside 1..50"));
        assertTrue(fails("--batches", "8,8").endsWith("(--batches) names 8 twice; list each once"));
        assertEquals("oodbench bench: --batches is empty; give a value or leave the option out for the default",
                fails("--batches="));
        assertTrue(fails("--paired-time", "0").contains("(--paired-time)"));
    }

    @Test
    void helpGivesTheTimeDefaultTheRunUses() {
        Captured cli = new Captured();
        assertEquals(0, cli.run("bench", "--help"));
        assertTrue(cli.out.toString().contains("seconds per iteration (default: 0.4; quick: 0.2)"), cli.out.toString());
    }
}
