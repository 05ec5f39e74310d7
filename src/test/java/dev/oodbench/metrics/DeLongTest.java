package dev.oodbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DeLong's paired test on cases small enough to check by hand, and against the exact ROC. */
class DeLongTest {
    static final double EPS = 1e-12;

    @Test
    void midranksShareTheMeanRankOfATie() {
        assertArrayEquals(new double[] {1, 3, 3, 3, 5}, DeLong.midranks(new double[] {0.1, 0.4, 0.4, 0.4, 0.9}), EPS);
        assertArrayEquals(new double[] {2.5, 1, 2.5}, DeLong.midranks(new double[] {0.0, -1, -0.0}), EPS);
    }

    /**
     * A: ID {0.1, 0.4, 0.4}, OOD {0.4, 0.8}. Pairs (OOD, ID): 0.4 beats 0.1 (1), ties both 0.4s (1/2 each);
     * 0.8 beats all three: AUROC 5/6. Placements: OOD 0.4 -> 2/3, OOD 0.8 -> 1; ID 0.1 -> 1, 0.4 -> 3/4, 0.4 -> 3/4.
     * B: ID {0.2, 0.3, 0.5}, OOD {0.3, 0.9}: 0.3 beats 0.2, ties 0.3, loses to 0.5 (1.5); 0.9 beats all (3):
     * AUROC 4.5/6 = 3/4. Placements: OOD 1/2, 1; ID 1, 3/4, 1/2.
     * Difference B - A = 3/4 - 5/6 = -1/12. OOD placement differences {-1/6, 0}: variance 1/72, over 2 = 1/144;
     * ID differences {0, 0, -1/4}: mean -1/12, squares 1/144 + 1/144 + 4/144 = 6/144, variance 3/144, over 3 = 1/144.
     * Standard error sqrt(2/144) = sqrt(2)/12 = 0.11785; 95% interval -1/12 +- 1.959964 x 0.11785.
     */
    @Test
    void handCheckedSmallCase() {
        DeLong.Difference d = DeLong.paired(new double[] {0.1, 0.4, 0.4}, new double[] {0.4, 0.8},
                new double[] {0.2, 0.3, 0.5}, new double[] {0.3, 0.9}, 0.95);
        assertEquals(5.0 / 6, d.baseline(), EPS);
        assertEquals(0.75, d.candidate(), EPS);
        assertEquals(-1.0 / 12, d.estimate(), EPS);
        assertEquals(Math.sqrt(2) / 12, d.se(), EPS);
        assertEquals(-1.0 / 12 - 1.959963984540054 * Math.sqrt(2) / 12, d.lo(), 1e-9);
        assertEquals(-1.0 / 12 + 1.959963984540054 * Math.sqrt(2) / 12, d.hi(), 1e-9);
    }

    @Test
    void placementsGiveTheExactRocAurocWithTies() {
        Random r = new Random(3);
        double[] id = new double[700];
        double[] ood = new double[450];
        for (int i = 0; i < id.length; i++) id[i] = Math.round(r.nextGaussian() * 4) / 4.0;
        for (int i = 0; i < ood.length; i++) ood[i] = Math.round((1 + r.nextGaussian()) * 4) / 4.0;
        DeLong.Placements p = DeLong.Placements.of(id, ood);
        assertEquals(OodMetrics.compute(id, ood).auroc(), p.auroc(), 1e-12);
        double meanV01 = 0;
        for (double v : p.v01()) meanV01 += v / id.length;
        assertEquals(p.auroc(), meanV01, 1e-12);
    }

    @Test
    void identicalScoresGiveAZeroWidthInterval() {
        double[] id = {0.1, 0.2, 0.3, 0.3};
        double[] ood = {0.25, 0.3, 0.9};
        DeLong.Difference d = DeLong.paired(id, ood, id.clone(), ood.clone(), 0.99);
        assertEquals(0, d.estimate(), EPS);
        assertEquals(0, d.lo(), EPS);
        assertEquals(0, d.hi(), EPS);
    }

    /** One OOD set as a one-member average is the single-pair test; two sets share the ID samples. */
    @Test
    void averageOfOneSetIsThePairAndTwoSetsAverageTheirAurocs() {
        Random r = new Random(5);
        double[] idA = gauss(r, 200, 0);
        double[] idB = gauss(r, 200, 0);
        double[] o1A = gauss(r, 150, 1);
        double[] o1B = gauss(r, 150, 1.2);
        double[] o2A = gauss(r, 100, 2);
        double[] o2B = gauss(r, 100, 1.5);
        DeLong.Difference one = DeLong.pairedAverage(idA, List.of(o1A), idB, List.of(o1B), 0.99);
        DeLong.Difference pair = DeLong.paired(idA, o1A, idB, o1B, 0.99);
        assertEquals(pair.lo(), one.lo(), EPS);
        assertEquals(pair.hi(), one.hi(), EPS);
        DeLong.Difference avg = DeLong.pairedAverage(idA, List.of(o1A, o2A), idB, List.of(o1B, o2B), 0.99);
        double expected = (OodMetrics.compute(idB, o1B).auroc() + OodMetrics.compute(idB, o2B).auroc()) / 2
                - (OodMetrics.compute(idA, o1A).auroc() + OodMetrics.compute(idA, o2A).auroc()) / 2;
        assertEquals(expected, avg.estimate(), 1e-12);
        assertTrue(avg.se() > 0);
    }

    @Test
    void differentSampleCountsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeLong.paired(
                new double[] {1, 2}, new double[] {3}, new double[] {1, 2, 3}, new double[] {3}, 0.99));
        assertTrue(e.getMessage().contains("same samples"), e.getMessage());
    }

    static double[] gauss(Random r, int n, double mean) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = mean + r.nextGaussian();
        return x;
    }
}
