package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ab's rows are checked before any checkout, build or fork, and before a results folder exists. */
class AbOptionsTest {
    @TempDir
    Path dir;

    private String fails(String rows) {
        Captured cli = new Captured();
        assertEquals(2, cli.run("ab", "HEAD", "HEAD", "--rows", rows, "--results", dir.resolve("r").toString()), cli.err.toString());
        assertEquals(1, cli.err.toString().strip().lines().count(), cli.err.toString());
        assertTrue(Files.notExists(dir.resolve("r")), "no results folder");
        return cli.err.toString().strip();
    }

    @Test
    void badRowsAreOneLineWithExitTwoBeforeAnyWork() {
        assertTrue(fails("benchmark=forward;model=nope;batch=8").contains("nope"));
        assertEquals("oodbench ab: --rows 'benchmark=score;model=mnist04-convnet;batch=8': benchmark score times a "
                + "detector; add e.g. detector=mls", fails("benchmark=score;model=mnist04-convnet;batch=8"));
        assertEquals("oodbench ab: --rows 'benchmark=forward;model=mnist04-convnet;btach=256': unknown key 'btach'; the "
                + "keys are benchmark, model, detector, batch, device, threads", fails("benchmark=forward;model=mnist04-convnet;btach=256"));
        assertTrue(fails("benchmark=forward;model=mnist04-convnet;batch=8;colour=red").contains("unknown key 'colour'"));
        assertTrue(fails("benchmark=forward;model=mnist04-convnet;batch=0").endsWith("batch=0 is outside 1..4096; give e.g. batch=256"));
        assertEquals("oodbench ab: --rows names forward mnist04-convnet b=8 twice; list each once",
                fails("benchmark=forward;model=mnist04-convnet;batch=8,,benchmark=forward;model=mnist04-convnet;batch=8"));
        assertTrue(fails("benchmark=score;model=mnist04-convnet;detector=nope;batch=8").contains("nope"));
    }

    @Test
    void anEmptyResultsFolderIsRefused() {
        Captured cli = new Captured();
        assertEquals(2, cli.run("ab", "HEAD", "HEAD", "--results="));
        assertEquals("oodbench ab: --results is empty; give a value or leave the option out for the default",
                cli.err.toString().strip());
    }
}
