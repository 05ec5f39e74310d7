package dev.oodbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Hand-computed cases (the arithmetic is in the comments). */
class OodMetricsTest {
    static final double EPS = 1e-12;

    @Test
    void perfectSeparation() {
        OodMetrics m = OodMetrics.compute(new double[] {0.1, 0.2, 0.3}, new double[] {0.4, 0.5});
        assertEquals(1.0, m.auroc(), EPS);
        assertEquals(0.0, m.fpr95(), EPS);
        assertEquals(1.0, m.tnr95(), EPS);
        assertEquals(0.0, m.detectionError(), EPS);
        assertEquals(1.0, m.auprOut(), EPS);
        assertEquals(1.0, m.auprIn(), EPS);
    }

    @Test
    void reversedScoresGiveZeroAuroc() {
        OodMetrics m = OodMetrics.compute(new double[] {0.4, 0.5}, new double[] {0.1, 0.2, 0.3});
        assertEquals(0.0, m.auroc(), EPS);
        assertEquals(1.0, m.fpr95(), EPS);
    }

    @Test
    void allTiedIsChance() {
        // one threshold flags everything: TPR = FPR = 1 -> AUROC 0.5, FPR95 = 1
        OodMetrics m = OodMetrics.compute(new double[] {1, 1, 1}, new double[] {1, 1});
        assertEquals(0.5, m.auroc(), EPS);
        assertEquals(1.0, m.fpr95(), EPS);
        assertEquals(0.5, m.detectionError(), EPS);
        assertEquals(0.4, m.auprOut(), EPS); // precision 2/5 at recall 1
        assertEquals(0.6, m.auprIn(), EPS); // precision 3/5 at recall 1
    }

    @Test
    void tiesAcrossClassesAreGrouped() {
        double[] id = {0.1, 0.4, 0.4, 0.8};
        double[] ood = {0.4, 0.9, 0.3};
        OodMetrics m = OodMetrics.compute(id, ood);
        // Mann-Whitney: ood 0.4 -> 1 + 0.5 + 0.5 + 0; ood 0.9 -> 4; ood 0.3 -> 1; total 7 of 12 pairs
        assertEquals(7.0 / 12, m.auroc(), EPS);
        // TPR >= 0.95 needs all 3 OOD: threshold 0.3 flags ID 0.4, 0.4, 0.8 -> 3/4
        assertEquals(0.75, m.fpr95(), EPS);
        assertEquals(0.25, m.tnr95(), EPS);
        // ID positive, -score: keeping all 4 ID needs threshold -0.8, which accepts OOD -0.4 and -0.3 -> 2/3
        assertEquals(2.0 / 3, m.fpr95IdPos(), EPS);
        // thresholds 0.9 (fpr 0, tpr 1/3) gives (0 + 2/3) / 2 = 1/3, the minimum
        assertEquals(1.0 / 3, m.detectionError(), EPS);
        // AP (OOD): 1/3 * 1 + 1/3 * 2/5 + 1/3 * 3/6 = 19/30
        assertEquals(19.0 / 30, m.auprOut(), EPS);
        assertEquals(4, m.nId());
        assertEquals(3, m.nOod());
    }

    @Test
    void fpr95LandsOnATieGroup() {
        // 20 OOD: 19 at 5, one at 1; ID: 1, 1, 0. TPR >= 0.95 is reached at threshold 5 (19/20 = 0.95)
        double[] ood = new double[20];
        java.util.Arrays.fill(ood, 5);
        ood[19] = 1;
        OodMetrics m = OodMetrics.compute(new double[] {1, 1, 0}, ood);
        assertEquals(0.0, m.fpr95(), EPS);
        // one more OOD at 1 -> TPR 0.95 needs the tie group at 1 as well, which flags 2 of 3 ID
        ood[18] = 1;
        assertEquals(2.0 / 3, OodMetrics.compute(new double[] {1, 1, 0}, ood).fpr95(), EPS);
    }

    @Test
    void auprInAndOutAreNotSwapped() {
        // 1 ID, 9 OOD, perfectly separated except one OOD below the ID
        double[] id = {0.5};
        double[] ood = {0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.1};
        OodMetrics m = OodMetrics.compute(id, ood);
        // AUPR-Out: OOD positive; 8 of 9 OOD at precision 1, the last at 9/10 -> 8/9 + 1/9 * 0.9 = 0.98889
        assertEquals(8.0 / 9 + 0.9 / 9, m.auprOut(), EPS);
        // AUPR-In: ID positive (-score): the ID sample is reached after the OOD at -0.1 -> precision 1/2
        assertEquals(0.5, m.auprIn(), EPS);
        assertNotEquals(m.auprIn(), m.auprOut());
    }

    @Test
    void metricsByName() {
        OodMetrics m = OodMetrics.compute(new double[] {0, 1}, new double[] {2, 3});
        for (String n : OodMetrics.NAMES) assertEquals(m.asMap().get(n), m.get(n));
        assertThrows(IllegalArgumentException.class, () -> m.get("f1"));
    }

    @Test
    void invalidInputsAreClearErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OodMetrics.compute(new double[] {0, Double.NaN, 1}, new double[] {2}));
        assertTrue(e.getMessage().contains("id scores: 1 NaN or infinite values (first at index 1)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> OodMetrics.compute(new double[] {0}, new double[] {Double.POSITIVE_INFINITY}));
        assertTrue(e.getMessage().startsWith("ood scores"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OodMetrics.compute(new double[0], new double[] {1}));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        // large inputs check each side on its own thread: the same errors, the ID side's first
        double[] big = new double[300_000];
        double[] badBig = big.clone();
        badBig[299_999] = Double.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> OodMetrics.compute(big, badBig));
        assertTrue(e.getMessage().startsWith("ood scores: 1 NaN or infinite values (first at index 299999)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> OodMetrics.compute(badBig, badBig));
        assertTrue(e.getMessage().startsWith("id scores"), e.getMessage());
    }

    @Test
    void bootstrapTreatsNegativeAndPositiveZeroAsOneTiedScore() {
        // -0.0 and 0.0 tie in the ROC; the bootstrap must rank them as one level, not fail on the lookup
        Bootstrap.Intervals ci = Bootstrap.intervals(new double[] {-0.0, 0.0, -1, 0.5}, new double[] {0.0, 1, 2, -0.0}, 200, 1);
        assertTrue(ci.aurocLo() <= ci.aurocHi() && ci.aurocLo() >= 0 && ci.aurocHi() <= 1, ci.toString());
    }

    @Test
    void bootstrapIntervalsBracketTheEstimateAndNarrowWithN() {
        java.util.Random r = new java.util.Random(1);
        double[] idS = new double[200];
        double[] oodS = new double[200];
        for (int i = 0; i < 200; i++) {
            idS[i] = r.nextGaussian();
            oodS[i] = r.nextGaussian() + 1;
        }
        OodMetrics m = OodMetrics.compute(idS, oodS);
        Bootstrap.Intervals small = Bootstrap.intervals(idS, oodS, 500, 3);
        assertTrue(small.aurocLo() < m.auroc() && m.auroc() < small.aurocHi(), small.toString());
        assertTrue(small.fpr95Lo() <= m.fpr95() && m.fpr95() <= small.fpr95Hi(), small.toString());
        assertEquals(small, Bootstrap.intervals(idS, oodS, 500, 3), "same seed, same intervals");
        double[] idL = new double[5000];
        double[] oodL = new double[5000];
        for (int i = 0; i < 5000; i++) {
            idL[i] = r.nextGaussian();
            oodL[i] = r.nextGaussian() + 1;
        }
        Bootstrap.Intervals large = Bootstrap.intervals(idL, oodL, 500, 3);
        assertTrue(large.aurocHi() - large.aurocLo() < (small.aurocHi() - small.aurocLo()) / 2, large + " vs " + small);
    }
}
