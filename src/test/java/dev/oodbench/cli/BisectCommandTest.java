package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad input to bisect: one line naming the problem, exit 2, before any build (git only). */
class BisectCommandTest {
    @Test
    void goodAfterBadIsOneLineAndExitTwo() {
        Captured c = new Captured();
        assertEquals(2, c.run("bisect", "HEAD", "HEAD~1", "--rows", "benchmark=forward;model=mnist04-convnet;batch=8"));
        String err = c.err.toString().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.contains("does not come after HEAD"), err);
    }

    @Test
    void anUnknownRevisionIsNamed() {
        Captured c = new Captured();
        assertEquals(2, c.run("bisect", "no-such-revision", "HEAD"));
        assertTrue(c.err.toString().contains("'no-such-revision' is neither a git revision"), c.err.toString());
    }

    @Test
    void aBadOptionFailsBeforeAnyWork() {
        Captured c = new Captured();
        assertEquals(2, c.run("bisect", "HEAD~1", "HEAD", "--confidence", "1.5"));
        assertTrue(c.err.toString().contains("--confidence must be in (0,1)"), c.err.toString());
        Captured d = new Captured();
        assertEquals(2, d.run("bisect", "HEAD~1", "HEAD", "--budget", "soon"));
        assertTrue(d.err.toString().contains("--budget 'soon' is not a duration"), d.err.toString());
    }

    @Test
    void aQualityRowMustNameModelDetectorAndOodSet() {
        Captured c = new Captured();
        assertEquals(2, c.run("bisect", "HEAD~1", "HEAD", "--quality", "model=mnist04-convnet;detector=energy"));
        assertTrue(c.err.toString().contains("needs model, detector and ood"), c.err.toString());
        Captured d = new Captured();
        assertEquals(2, d.run("bisect", "HEAD~1", "HEAD", "--quality", "model=mnist04-convnet;detektor=energy;ood=x"));
        assertTrue(d.err.toString().contains("unknown key 'detektor'"), d.err.toString());
    }
}
