package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code compare}'s verdicts between runs on the between-run noise measured here: the committed
 * default sweep ({@code results/baseline}, every speed and quality row) is compared with simulated
 * same-code runs of itself, each speed row moved by a between-run difference measured on same-code
 * runs of this machine ({@code results/runs}: runs of one clean commit), out of sample: each simulated
 * comparison holds out one same-code run, estimates the allowance from the others as {@code compare}
 * does ({@link SameCodeRuns#allowance}), and draws its noise from the held-out run's differences to the
 * others (one measured pair per comparison, so the pair's common shift, the machine being slower that
 * hour, moves every row together, as it does between real runs). Same-code quality rows are equal.
 *
 * <p>Required: at most 5% of the comparisons with any false verdict. Then the power: one row slowed on
 * top of the noise by a factor, the smallest factor caught as a regression in at least 95% of the
 * comparisons is printed (between runs at different loads it is large: that is why pull requests are
 * gated on {@code ab}).
 */
class BetweenRunFalseAlarmSimulationTest {
    private static final int SIMULATIONS = 200;
    private static final int POWER_SIMULATIONS = 100;
    private static final double[] FACTORS = {2, 8, 32, 64, 128, 256, 512};

    /** A held-out run's measured differences (per row log ratios to one other same-code run) and the allowance from the rest. */
    private record Draw(double[] logRatios, double allowance) {}

    private static List<Draw> draws(List<RunData> runs) {
        List<Draw> out = new ArrayList<>();
        for (List<RunData> g : SameCodeRuns.groups(runs).values()) {
            if (g.size() < 3) continue; // the allowance needs a pair without the held-out run
            for (RunData held : g) {
                List<RunData> rest = new ArrayList<>(runs);
                rest.remove(held);
                var allowance = SameCodeRuns.allowance(rest, History.Series.of(held));
                if (allowance.isEmpty()) continue;
                for (RunData other : g) {
                    if (other == held) continue;
                    List<Double> d = SameCodeRuns.logRatios(other, held);
                    if (!d.isEmpty()) out.add(new Draw(d.stream().mapToDouble(Double::doubleValue).toArray(), allowance.get().logRatio()));
                }
            }
        }
        return out;
    }

    /** The baseline with every speed row's time (and its samples) scaled by exp(noise), one row by {@code extra} more. */
    private static RunData candidate(RunData base, double[] logRatios, Random rnd, PerformanceRow.Key slowed, double extra) {
        List<PerformanceRow> rows = new ArrayList<>();
        Map<PerformanceRow.Key, double[]> samples = new HashMap<>();
        for (PerformanceRow r : base.performance()) {
            double f = Math.exp(logRatios[rnd.nextInt(logRatios.length)]);
            if (r.key().equals(slowed)) f *= extra;
            PerformanceRow.Timing t = r.timing();
            rows.add(new PerformanceRow(r.schemaVersion(), r.run(), r.key(), r.mode(),
                    new PerformanceRow.Timing(t.score() * f, t.error() * f, t.unit(), t.forks(), t.iterations()),
                    r.imagesPerS() / f, r.overhead(), r.status(), r.note(), r.jvmArgs(), r.calibrationGflops()));
            double[] s = base.samples().get(r.key());
            if (s != null) {
                double[] c = new double[s.length];
                for (int i = 0; i < s.length; i++) c[i] = s[i] * f;
                samples.put(r.key(), c);
            }
        }
        // a source without the baseline's score files: the quality rows (identical on both sides) take the
        // quick unpaired path instead of re-reading and bootstrapping the baseline's scores in every comparison
        return new RunData(Path.of("target", "simulated-candidate"), base.info(), rows, base.accuracy(), samples);
    }

    /** The pair's differences in one direction or the other (held-out run as candidate or as baseline). */
    private static double[] oriented(Draw d, Random rnd) {
        double sign = rnd.nextBoolean() ? 1 : -1;
        double[] out = new double[d.logRatios().length];
        for (int i = 0; i < out.length; i++) out[i] = sign * d.logRatios()[i];
        return out;
    }

    private static boolean anyFalseVerdict(Compare.Result r) {
        return r.rows().stream().anyMatch(x -> x.verdict().equals(Compare.REGRESSION) || x.verdict().equals(Compare.IMPROVEMENT));
    }

    @Test
    void sameCodeComparisonsRarelyGetAnyFalseVerdictAndTheSmallestSlowdownCaughtIsStated() throws IOException {
        RunData base = RunData.read(Path.of("results/baseline"));
        List<Draw> draws = draws(History.runs(Path.of("results")));
        assertTrue(draws.size() >= 6, "needs same-code runs (three or more of one commit) under results/runs; found "
                + draws.size() + " held-out pairs");
        Random rnd = new Random(20261205);
        int falseComparisons = 0;
        int timed = (int) base.performance().stream().filter(PerformanceRow::ok).count();
        for (int s = 0; s < SIMULATIONS; s++) {
            Draw d = draws.get(rnd.nextInt(draws.size()));
            Compare.Result r = new Compare(0.05, 0.005).withRunNoise(d.allowance())
                    .compare(base, candidate(base, oriented(d, rnd), rnd, null, 1));
            if (anyFalseVerdict(r)) falseComparisons++;
        }
        System.out.printf(Locale.ROOT, "between-run simulation: %d of %d same-code comparisons of %d speed and %d quality rows "
                + "had any false verdict (%d measured pairs)%n", falseComparisons, SIMULATIONS, timed, base.accuracy().size(),
                draws.size());
        assertTrue(falseComparisons <= SIMULATIONS * 5 / 100, falseComparisons + " of " + SIMULATIONS + " comparisons had a false verdict");

        List<PerformanceRow.Key> keys = base.performance().stream().filter(PerformanceRow::ok)
                .filter(r -> r.benchmark().equals("forward") || r.benchmark().equals("score")).map(PerformanceRow::key).toList();
        double smallest = Double.NaN;
        for (double factor : FACTORS) {
            int caught = 0;
            for (int s = 0; s < POWER_SIMULATIONS; s++) {
                Draw d = draws.get(rnd.nextInt(draws.size()));
                PerformanceRow.Key k = keys.get(rnd.nextInt(keys.size()));
                Compare.Result r = new Compare(0.05, 0.005).withRunNoise(d.allowance())
                        .compare(base, candidate(base, oriented(d, rnd), rnd, k, factor));
                Map<String, String> key = Compare.speedKey(k);
                if (r.rows().stream().anyMatch(x -> x.key().equals(key) && x.verdict().equals(Compare.REGRESSION))) caught++;
            }
            System.out.printf(Locale.ROOT, "between-run simulation: one forward/score row x%.1f slower caught in %d of %d%n",
                    factor, caught, POWER_SIMULATIONS);
            if (caught >= POWER_SIMULATIONS * 95 / 100) {
                smallest = factor;
                break;
            }
        }
        System.out.printf(Locale.ROOT, "between-run simulation: smallest one-row slowdown caught in >= 95%%: x%s%n", smallest);
        assertTrue(!Double.isNaN(smallest), "some slowdown up to x" + FACTORS[FACTORS.length - 1] + " is caught in 95%");
    }
}
