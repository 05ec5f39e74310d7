package dev.oodbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
    @Test
    void pointDifferencesAreThoseOfTheExactRoc() {
        Random r = new Random(11);
        double[] idA = DeLongTest.gauss(r, 300, 0);
        double[] oodA = DeLongTest.gauss(r, 200, 1.5);
        double[] idB = idA.clone();
        double[] oodB = oodA.clone();
        for (int i = 0; i < oodB.length; i++) oodB[i] = Math.round((oodB[i] - 0.3) * 8) / 8.0; // worse, with ties
        Map<String, DeLong.Difference> d = PairedBootstrap.paired(idA, oodA, idB, oodB, 50, 1, 0.99);
        OodMetrics a = OodMetrics.compute(idA, oodA);
        OodMetrics b = OodMetrics.compute(idB, oodB);
        for (String m : PairedBootstrap.METRICS) {
            assertEquals(a.get(m), d.get(m).baseline(), 1e-12, m);
            assertEquals(b.get(m), d.get(m).candidate(), 1e-12, m);
            assertEquals(b.get(m) - a.get(m), d.get(m).estimate(), 1e-12, m);
            assertTrue(d.get(m).lo() <= d.get(m).hi(), m);
        }
        assertTrue(d.get("fpr95").estimate() > 0, "shifting OOD scores down raises FPR95");
    }

    @Test
    void identicalSidesGiveZeroDifferences() {
        Random r = new Random(12);
        double[] id = DeLongTest.gauss(r, 100, 0);
        double[] ood = DeLongTest.gauss(r, 80, 1);
        for (DeLong.Difference d : PairedBootstrap.paired(id, ood, id.clone(), ood.clone(), 100, 2, 0.99).values()) {
            assertEquals(0, d.lo(), 0);
            assertEquals(0, d.hi(), 0);
        }
    }

    @Test
    void averageOverSetsIsThePlainAverage() {
        Random r = new Random(13);
        double[] idA = DeLongTest.gauss(r, 150, 0);
        double[] idB = DeLongTest.gauss(r, 150, 0);
        double[] o1A = DeLongTest.gauss(r, 120, 2);
        double[] o1B = DeLongTest.gauss(r, 120, 2.2);
        double[] o2A = DeLongTest.gauss(r, 90, 1);
        double[] o2B = DeLongTest.gauss(r, 90, 0.8);
        DeLong.Difference d = PairedBootstrap.pairedAverage(idA, List.of(o1A, o2A), idB, List.of(o1B, o2B), 50, 3, 0.99)
                .get("aupr_out");
        double want = (OodMetrics.compute(idB, o1B).auprOut() + OodMetrics.compute(idB, o2B).auprOut()) / 2
                - (OodMetrics.compute(idA, o1A).auprOut() + OodMetrics.compute(idA, o2A).auprOut()) / 2;
        assertEquals(want, d.estimate(), 1e-12);
    }
}
