package dev.oodbench.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * Coverage of the paired 99% intervals on simulated detectors with a known difference. Two detectors
 * score the same images: on an ID image detector A scores {@code z} and B {@code rho z + sqrt(1 - rho^2) e}
 * ({@code z}, {@code e} standard normal), on an OOD image the same shifted by {@code muA} and {@code muB};
 * every score is rounded to a grid of step {@code g}, so there are many ties. Each detector's marginals
 * are rounded normals, so its true AUROC and FPR95 follow from the normal distribution function
 * (sums over the grid cells) and the true difference is known exactly.
 */
class PairedCoverageTest {
    static final NormalDistribution N = new NormalDistribution();
    static final int DRAWS = 1000;
    static final double RHO = 0.9;

    /** P(rounded X = k g) for X ~ N(mu, 1). */
    static double cell(double mu, int k, double g) {
        return N.cumulativeProbability((k + 0.5) * g - mu) - N.cumulativeProbability((k - 0.5) * g - mu);
    }

    /** AUROC of rounded N(mu, 1) (OOD) against rounded N(0, 1) (ID): P(OOD > ID) + P(tie) / 2. */
    static double trueAuroc(double mu, double g) {
        double a = 0;
        int span = (int) Math.ceil((12 + Math.abs(mu)) / g);
        for (int k = -span; k <= span; k++) {
            double pId = cell(0, k, g);
            a += pId * (1 - N.cumulativeProbability((k + 0.5) * g - mu) + 0.5 * cell(mu, k, g));
        }
        return a;
    }

    /** FPR95 of the rounded scores: the ID share at or above the highest grid point where TPR >= 0.95. */
    static double trueFpr95(double mu, double g) {
        int k = (int) Math.ceil((mu + 12) / g);
        while (1 - N.cumulativeProbability((k - 0.5) * g - mu) < 0.95) k--;
        return 1 - N.cumulativeProbability((k - 0.5) * g);
    }

    /** One simulated draw: [idA, oodA, idB, oodB]. */
    static double[][] draw(SplittableRandom r, int nId, int nOod, double muA, double muB, double g) {
        double[][] s = {new double[nId], new double[nOod], new double[nId], new double[nOod]};
        double c = Math.sqrt(1 - RHO * RHO);
        for (int i = 0; i < nId; i++) {
            double z = gauss(r);
            s[0][i] = round(z, g);
            s[2][i] = round(RHO * z + c * gauss(r), g);
        }
        for (int i = 0; i < nOod; i++) {
            double z = gauss(r);
            s[1][i] = round(muA + z, g);
            s[3][i] = round(muB + RHO * z + c * gauss(r), g);
        }
        return s;
    }

    static double round(double x, double g) {
        return Math.rint(x / g) * g;
    }

    static double gauss(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** Asserts that 98-100% of {@link #DRAWS} draws' 99% intervals hold {@code truth}. */
    static void assertCoverage(String what, double truth, IntFunction<DeLong.Difference> interval) {
        long covered = IntStream.range(0, DRAWS).parallel().mapToObj(interval)
                .filter(x -> x.lo() <= truth && truth <= x.hi()).count();
        double coverage = covered / (double) DRAWS;
        System.out.printf("%s: 99%% interval coverage %.3f over %d draws (true difference %.4f)%n", what, coverage, DRAWS, truth);
        assertTrue(coverage >= 0.98 && coverage <= 1.0, what + ": coverage " + coverage);
    }

    /** Two detectors with OOD shifts 1.5 and 1.2, scores on a grid of 0.1; 300 ID and 300 OOD images a draw. */
    @Test
    void deLong99IntervalCoversTheTrueAurocDifference() {
        assertCoverage("DeLong AUROC", trueAuroc(1.2, 0.1) - trueAuroc(1.5, 0.1), d -> {
            double[][] s = draw(new SplittableRandom(1000 + d), 300, 300, 1.5, 1.2, 0.1);
            return DeLong.paired(s[0], s[1], s[2], s[3], 0.99);
        });
    }

    /** OOD shifts 2.5 and 2.2, a grid of 0.05; 400 ID and 400 OOD images a draw, 200 resamples. */
    @Test
    void pairedBootstrap99IntervalCoversTheTrueFpr95Difference() {
        assertCoverage("paired bootstrap FPR95", trueFpr95(2.2, 0.05) - trueFpr95(2.5, 0.05), d -> {
            double[][] s = draw(new SplittableRandom(5000 + d), 400, 400, 2.5, 2.2, 0.05);
            return PairedBootstrap.paired(s[0], s[1], s[2], s[3], 200, d, 0.99).get("fpr95");
        });
    }
}
