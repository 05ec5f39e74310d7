package dev.oodbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The "score faster than forward" bug check over a whole run: simulated sweeps of 170 score rows of
 * 20 rounds each, per-round ratios with 4% log-normal noise (about this machine's, quiet).
 */
class PairedOverheadsBugCheckTest {
    private static double[] rounds(SplittableRandom rng, double truth, int n) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = truth * Math.exp(0.04 * rng.nextGaussian());
        return r;
    }

    @Test
    void aRunOfCorrectScoreRowsIsFlaggedByChanceOnlyWithoutTheRunWideInterval() {
        SplittableRandom rng = new SplittableRandom(5);
        int rows = 170;
        int runs = 100;
        double strict = PairedOverheads.bugConfidence(rows);
        assertEquals(1 - 0.01 / rows, strict, 1e-12);
        int runsFlaggedPerRow = 0;
        int runsFlaggedRunWide = 0;
        for (int run = 0; run < runs; run++) {
            boolean perRow = false;
            boolean runWide = false;
            for (int k = 0; k < rows; k++) {
                double[] r = rounds(rng, 1.0, 20); // score exactly as fast as forward: never a bug
                perRow |= PairedOverheads.fasterBeyondNoise(r, PairedOverheads.CONFIDENCE);
                runWide |= PairedOverheads.fasterBeyondNoise(r, strict);
            }
            if (perRow) runsFlaggedPerRow++;
            if (runWide) runsFlaggedRunWide++;
        }
        // at 99% per row, most runs of 170 rows flag one (1 - 0.995^170 = 57% expected); run-wide, about 1%
        assertTrue(runsFlaggedPerRow > 30, "per-row check flagged " + runsFlaggedPerRow + " of " + runs + " runs");
        assertTrue(runsFlaggedRunWide <= 3, "run-wide check flagged " + runsFlaggedRunWide + " of " + runs + " runs");
    }

    @Test
    void aScorePathClearlyFasterThanItsForwardIsStillFlaggedGivenEnoughRounds() {
        SplittableRandom rng = new SplittableRandom(9);
        double strict = PairedOverheads.bugConfidence(170);
        int caught = 0;
        int caughtFromSixRounds = 0;
        for (int k = 0; k < 100; k++) {
            // a score path 20% faster than the forward pass it contains (say a graph that skips layers)
            if (PairedOverheads.fasterBeyondNoise(rounds(rng, 0.8, 20), strict)) caught++;
            // six rounds (a wide group at batch 256) cannot reach the run-wide confidence: never a flag
            if (PairedOverheads.fasterBeyondNoise(rounds(rng, 0.5, 6), strict)) caughtFromSixRounds++;
        }
        assertTrue(caught >= 95, "caught " + caught + " of 100");
        assertEquals(0, caughtFromSixRounds);
    }
}
