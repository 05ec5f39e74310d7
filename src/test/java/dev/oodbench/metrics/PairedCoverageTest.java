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

    /** The share of {@link #DRAWS} draws whose interval holds {@code truth}. */
    static double coverage(double truth, IntFunction<DeLong.Difference> interval) {
        long covered = IntStream.range(0, DRAWS).parallel().mapToObj(interval)
                .filter(x -> x.lo() <= truth && truth <= x.hi()).count();
        return covered / (double) DRAWS;
    }

    @Test
    void deLong99IntervalCoversTheTrueAurocDifference() {
        double muA = 1.5;
        double muB = 1.2;
        double g = 0.1;
        double truth = trueAuroc(muB, g) - trueAuroc(muA, g);
        double coverage = coverage(truth, d -> {
            double[][] s = draw(new SplittableRandom(1000 + d), 300, 300, muA, muB, g);
            return DeLong.paired(s[0], s[1], s[2], s[3], 0.99);
        });
        System.out.printf("DeLong 99%% coverage %.3f over %d draws (true difference %.4f)%n", coverage, DRAWS, truth);
        assertTrue(coverage >= 0.98 && coverage <= 1.0, "coverage " + coverage);
    }

    @Test
    void pairedBootstrap99IntervalCoversTheTrueFpr95Difference() {
        double muA = 2.5;
        double muB = 2.2;
        double g = 0.05;
        double truth = trueFpr95(muB, g) - trueFpr95(muA, g);
        double coverage = coverage(truth, d -> {
            double[][] s = draw(new SplittableRandom(5000 + d), 400, 400, muA, muB, g);
            return PairedBootstrap.paired(s[0], s[1], s[2], s[3], 200, d, 0.99).get("fpr95");
        });
        System.out.printf("paired bootstrap FPR95 99%% coverage %.3f over %d draws (true difference %.4f)%n", coverage,
                DRAWS, truth);
        assertTrue(coverage >= 0.98 && coverage <= 1.0, "coverage " + coverage);
    }
}
