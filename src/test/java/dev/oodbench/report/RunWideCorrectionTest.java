package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class RunWideCorrectionTest {
    private static final NormalDistribution N = new NormalDistribution();

    /** A normal estimate {@code delta} with standard error {@code se}, decisive when its interval lies wholly above 0 or below 0. */
    private static RunWideCorrection.Test normal(double delta, double se, boolean closedForm) {
        RunWideCorrection.IntervalAt iv = c -> {
            double z = N.inverseCumulativeProbability(1 - (1 - c) / 2);
            return new double[] {delta - z * se, delta + z * se};
        };
        RunWideCorrection.Decisive d = (lo, hi) -> lo > 0 || hi < 0;
        return closedForm ? new RunWideCorrection.Test(iv, d, 2 * (1 - N.cumulativeProbability(Math.abs(delta) / se)))
                : new RunWideCorrection.Test(iv, d);
    }

    /** The estimate whose two-sided p-value is {@code p}. */
    private static RunWideCorrection.Test withP(double p) {
        return normal(N.inverseCumulativeProbability(1 - p / 2), 1, false);
    }

    @Test
    void holmStepsDownAndJudgesEveryRowAfterTheFirstKeptOneAtThatLevel() {
        double[] levels = RunWideCorrection.levels(List.of(withP(0.04), withP(0.001), withP(0.5), withP(0.01)), 0.95);
        // sorted 0.001 <= 0.05/4, 0.01 <= 0.05/3, 0.04 > 0.05/2: stop; 0.04 and 0.5 are judged at 1 - 0.05/2
        assertArrayEquals(new double[] {1 - 0.025, 1 - 0.0125, 1 - 0.025, 1 - 0.05 / 3}, levels, 1e-12);
    }

    @Test
    void theBisectedPValueIsTheClosedFormOne() {
        // (a row not decisive even at 50% is given p = 1: it can never be rejected at a family level below 50%)
        assertEquals(1.0, RunWideCorrection.pValue(normal(0.5, 1, false)));
        for (double delta : new double[] {1.0, 2.0, 3.7, -4.2}) {
            double closed = RunWideCorrection.pValue(normal(delta, 1, true));
            double bisected = RunWideCorrection.pValue(normal(delta, 1, false));
            assertEquals(closed, bisected, closed * 1e-6 + 1e-15, "delta " + delta);
        }
    }

    @Test
    void theChanceOfAnyFalseVerdictOverAThousandRowsStaysAtTheFamilyLevel() {
        Random rnd = new Random(5);
        int runs = 300;
        int anyFalse = 0;
        int anyFalsePerRow = 0;
        for (int s = 0; s < runs; s++) {
            List<RunWideCorrection.Test> tests = new ArrayList<>();
            for (int i = 0; i < 1000; i++) tests.add(normal(rnd.nextGaussian(), 1, true)); // no true change anywhere
            double[] levels = RunWideCorrection.levels(tests, 0.95);
            boolean any = false;
            boolean anyAt99 = false;
            for (int i = 0; i < tests.size(); i++) {
                double[] iv = tests.get(i).interval().at(levels[i]);
                any |= tests.get(i).decisive().test(iv[0], iv[1]);
                double[] iv99 = tests.get(i).interval().at(0.99);
                anyAt99 |= tests.get(i).decisive().test(iv99[0], iv99[1]);
            }
            if (any) anyFalse++;
            if (anyAt99) anyFalsePerRow++;
        }
        assertTrue(anyFalse <= runs * 0.08, anyFalse + " of " + runs + " runs had a false verdict");
        assertTrue(anyFalsePerRow > runs * 0.99, "per-row 99% intervals alone flag nearly every run: " + anyFalsePerRow);
    }
}
