package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChangePointsTest {
    /** The E-statistic of a split straight from its definition (every pair summed again). */
    static double naive(double[] x, int lo, int at, int hi) {
        double b = 0;
        double wl = 0;
        double wr = 0;
        for (int i = lo; i < at; i++) for (int j = at; j < hi; j++) b += Math.abs(x[i] - x[j]);
        for (int i = lo; i < at; i++) for (int j = i + 1; j < at; j++) wl += Math.abs(x[i] - x[j]);
        for (int i = at; i < hi; i++) for (int j = i + 1; j < hi; j++) wr += Math.abs(x[i] - x[j]);
        return ChangePoints.eStatistic(at - lo, hi - at, b, wl, wr);
    }

    @Test
    void theRunningSplitSearchAgreesWithTheDefinition() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int k = 0; k < 200; k++) {
            int n = 2 + rng.nextInt(20);
            double[] x = new double[n];
            for (int i = 0; i < n; i++) x[i] = rng.nextDouble() + (i >= n / 2 ? rng.nextDouble() : 0);
            int lo = rng.nextInt(n - 1);
            int hi = lo + 2 + rng.nextInt(n - lo - 1);
            int best = lo + 1;
            for (int at = lo + 1; at < hi; at++) if (naive(x, lo, at, hi) > naive(x, lo, best, hi) + 1e-12) best = at;
            int got = ChangePoints.split(x, lo, hi);
            assertEquals(naive(x, lo, best, hi), naive(x, lo, got, hi), 1e-9, "n=" + n + " [" + lo + ", " + hi + "): " + best + " vs " + got);
        }
        // by hand: {0, 0, 1, 1}: the split at 2 separates the two levels
        assertEquals(2, ChangePoints.split(new double[] {0, 0, 1, 1}, 0, 4));
        assertEquals(2.0, naive(new double[] {0, 0, 1, 1}, 0, 2, 4), 1e-12); // 2*2/4 * (2*4/4 - 0 - 0)
    }

    @Test
    void theMaxShiftIsTheLargestSquaredMeanDifferenceWeighted() {
        double[] x = {1, 1, 1, 4, 4};
        // split at 3: 3*2/5 * 3^2 = 10.8
        assertEquals(10.8, ChangePoints.shift(x, 0, 3, 5), 1e-12);
        assertEquals(10.8, ChangePoints.maxShift(x, 0, 5), 1e-12);
    }

    @Test
    void pooledNoiseIsTheScaledMedianOfSuccessiveDifferences() {
        // differences 1, 1, 3 -> median 1 -> 1.4826 / sqrt 2
        assertEquals(1.4826 / Math.sqrt(2), ChangePoints.pooledNoise(List.of(new double[] {0, 1, 2}, new double[] {5, 8})), 1e-12);
        SplittableRandom rng = new SplittableRandom(3);
        List<double[]> s = new ArrayList<>();
        for (int k = 0; k < 500; k++) {
            double[] x = new double[14];
            for (int i = 0; i < x.length; i++) x[i] = 0.03 * ChangePointsSimulationTest.gauss(rng) + (i >= 7 && k % 10 == 0 ? 1 : 0);
            s.add(x);
        }
        // a tenth of the series step by 33 sigma; the median of the differences barely moves
        assertEquals(0.03, ChangePoints.pooledNoise(s), 0.002);
    }

    @Test
    void findsAStepAtItsRunWithAnIntervalAroundItsSize() {
        SplittableRandom rng = new SplittableRandom(9);
        List<double[]> series = new ArrayList<>();
        for (int k = 0; k < 200; k++) {
            double[] x = new double[12];
            for (int i = 0; i < x.length; i++) x[i] = 0.02 * ChangePointsSimulationTest.gauss(rng) + (k == 0 && i >= 4 ? 0.3 : 0);
            series.add(x);
        }
        var r = ChangePoints.defaults().detect(List.of(new ChangePoints.Family(series, 0))).get(0);
        assertEquals(0.02, r.noise(), 0.003);
        assertEquals(1, r.changes().get(0).size());
        ChangePoints.Change c = r.changes().get(0).get(0);
        assertEquals(4, c.at());
        assertEquals(4, c.earliest());
        assertEquals(4, c.latest());
        assertEquals(0, c.from());
        assertEquals(12, c.to());
        assertTrue(c.lo() < 0.3 && 0.3 < c.hi() && c.hi() - c.lo() < 0.1, c.toString());
        for (int k = 1; k < series.size(); k++) assertTrue(r.changes().get(k).isEmpty(), "series " + k);
    }

    @Test
    void twoStepsInOneSeriesAreBothFoundAndSizedBetweenTheirNeighbours() {
        double[] x = {0, 0.01, -0.01, 0, 1, 1.01, 0.99, 1, 0.5, 0.51, 0.49, 0.5};
        List<double[]> series = new ArrayList<>();
        series.add(x);
        SplittableRandom rng = new SplittableRandom(1);
        for (int k = 0; k < 50; k++) {
            double[] y = new double[12];
            for (int i = 0; i < y.length; i++) y[i] = 0.01 * ChangePointsSimulationTest.gauss(rng);
            series.add(y);
        }
        var cs = ChangePoints.defaults().detect(List.of(new ChangePoints.Family(series, 0))).get(0).changes().get(0);
        assertEquals(2, cs.size(), cs.toString());
        assertEquals(4, cs.get(0).at());
        assertEquals(1.0, cs.get(0).difference(), 0.02);
        assertEquals(8, cs.get(1).at());
        assertEquals(-0.5, cs.get(1).difference(), 0.02);
        assertEquals(4, cs.get(1).from());
    }

    @Test
    void valuesThatRepeatExactlyAreJudgedAgainstTheNoiseFloor() {
        List<double[]> series = new ArrayList<>();
        for (int k = 0; k < 100; k++) series.add(new double[] {0.9, 0.9, 0.9, 0.9, 0.9, 0.9});
        series.set(3, new double[] {0.9, 0.9, 0.9, 0.88, 0.88, 0.88});
        series.set(4, new double[] {0.9, 0.9, 0.9, 0.9 + 1e-6, 0.9 + 1e-6, 0.9 + 1e-6});
        var r = ChangePoints.defaults().detect(List.of(new ChangePoints.Family(series, 1e-4))).get(0);
        assertEquals(1e-4, r.noise(), 0);
        assertEquals(1, r.changes().get(3).size());
        assertEquals(3, r.changes().get(3).get(0).at());
        assertTrue(r.changes().get(4).isEmpty(), "a difference of 1e-6 is below the floor");
    }
}
