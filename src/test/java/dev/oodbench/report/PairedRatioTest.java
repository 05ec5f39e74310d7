package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedRatioTest {
    @Test
    void hodgesLehmannIsTheMedianOfTheWalshAveragesOfTheLogRatios() {
        // logs -1, 0, 2: Walsh averages -1, -0.5, 0, 0.5, 1, 2; median (0 + 0.5) / 2
        PairedRatio p = PairedRatio.of(new double[] {Math.exp(-1), 1, Math.exp(2)}, 0.99);
        assertEquals(Math.exp(0.25), p.ratio(), 1e-12);
        assertEquals(3, p.trials());
        assertEquals(0, p.lo()); // too few trials for an interval
        assertTrue(Double.isInfinite(p.hi()));
        assertTrue(Double.isInfinite(p.halfWidth()));
    }

    @Test
    void theIntervalCutsTheWilcoxonCriticalNumberOfWalshAveragesFromEachSide() {
        // n = 10 at 95%: the exact signed-rank critical value is 8 (tables); the normal approximation
        // with continuity correction gives 7, one Walsh average more conservative on each side
        double[] logs = {0.11, -0.32, 0.05, 0.27, -0.08, 0.19, -0.14, 0.02, 0.33, -0.21};
        double[] r = Arrays.stream(logs).map(Math::exp).toArray();
        PairedRatio p = PairedRatio.of(r, 0.95);
        double[] w = PairedRatio.walshAverages(logs);
        assertEquals(55, w.length);
        assertEquals(Math.exp(w[7]), p.lo(), 1e-12);
        assertEquals(Math.exp(w[55 - 1 - 7]), p.hi(), 1e-12);
        assertTrue(p.lo() < p.ratio() && p.ratio() < p.hi());
    }

    @Test
    void swappingTheSidesInvertsRatioAndInterval() {
        Random rnd = new Random(3);
        double[] r = new double[40];
        for (int i = 0; i < r.length; i++) r[i] = Math.exp(0.05 + 0.1 * rnd.nextGaussian());
        PairedRatio ab = PairedRatio.of(r, 0.99);
        PairedRatio ba = PairedRatio.of(Arrays.stream(r).map(x -> 1 / x).toArray(), 0.99);
        assertEquals(1 / ab.ratio(), ba.ratio(), 1e-12);
        assertEquals(1 / ab.hi(), ba.lo(), 1e-12);
        assertEquals(1 / ab.lo(), ba.hi(), 1e-12);
    }

    @Test
    void intervalsCoverTheTrueRatioAtTheirLevelEvenWithHeavyTails() {
        Random rnd = new Random(11);
        int covered = 0;
        int runs = 1000;
        for (int k = 0; k < runs; k++) {
            double[] r = new double[30];
            for (int i = 0; i < r.length; i++) {
                // 10% of trials hit by a burst on one side (symmetric): heavy tails around 1.07
                double burst = rnd.nextDouble() < 0.1 ? (rnd.nextBoolean() ? 0.5 : -0.5) : 0;
                r[i] = 1.07 * Math.exp(0.03 * rnd.nextGaussian() + burst);
            }
            PairedRatio p = PairedRatio.of(r, 0.99);
            if (p.lo() <= 1.07 && 1.07 <= p.hi()) covered++;
        }
        assertTrue(covered >= 0.98 * runs, "99% intervals covered the true ratio in " + covered + " of " + runs);
    }

    @Test
    void badTimingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1, 0, 1}, 0.99));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1, Double.NaN}, 0.99));
        assertThrows(IllegalArgumentException.class, () -> PairedRatio.of(new double[] {1, 1}, 1.5));
    }

    @Test
    void verdictsFollowTheIntervalAgainstTheThresholdBand() {
        assertEquals(SpeedVerdict.REGRESSION, SpeedVerdict.of(1.06, 1.12, 0.05));
        assertEquals(SpeedVerdict.INCONCLUSIVE, SpeedVerdict.of(1.04, 1.12, 0.05));
        assertEquals(SpeedVerdict.NO_CHANGE, SpeedVerdict.of(0.97, 1.04, 0.05));
        assertEquals(SpeedVerdict.NO_CHANGE, SpeedVerdict.of(1 / 1.05, 1.05, 0.05));
        assertEquals(SpeedVerdict.INCONCLUSIVE, SpeedVerdict.of(0.90, 1.01, 0.05));
        assertEquals(SpeedVerdict.IMPROVEMENT, SpeedVerdict.of(0.80, 0.94, 0.05));
        assertEquals(SpeedVerdict.INCONCLUSIVE, SpeedVerdict.of(0, Double.POSITIVE_INFINITY, 0.05));
        assertThrows(IllegalArgumentException.class, () -> SpeedVerdict.of(1, 1, -0.1));
    }
}
