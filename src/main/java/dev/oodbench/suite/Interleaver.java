package dev.oodbench.suite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Times several workloads in one process, interleaved as finely as they allow: every round runs each
 * workload once (a slot of one or more operations) in a fresh random order, so that whatever the
 * machine is doing at that moment falls on all of them alike and cancels in their ratios (randomized
 * multiple interleaved trials, Abedi &amp; Brecht, ICPE 2017). A slot repeats a fast operation until it
 * lasts about {@code slotSeconds}, so timer resolution and call overhead stay small.
 */
public final class Interleaver {
    private final double seconds;
    private final double slotSeconds;
    private final double warmupSeconds;
    private final Random random;

    /**
     * @param seconds       how long the rounds run (at least {@link #MIN_ROUNDS} rounds are made)
     * @param slotSeconds   the target duration of one slot
     * @param warmupSeconds warm-up of the whole group before the first round, shared among its workloads
     */
    public Interleaver(double seconds, double slotSeconds, double warmupSeconds, Random random) {
        if (!(seconds > 0) || !(slotSeconds > 0) || !(warmupSeconds >= 0)) {
            throw new IllegalArgumentException("interleaving needs seconds > 0, slot > 0, warm-up >= 0");
        }
        this.seconds = seconds;
        this.slotSeconds = slotSeconds;
        this.warmupSeconds = warmupSeconds;
        this.random = random;
    }

    /** The fewest rounds made, whatever the time. */
    public static final int MIN_ROUNDS = 3;

    /** Seconds per operation: {@code [workload][round]}. */
    public double[][] run(List<? extends Runnable> workloads) {
        return run(workloads, false).seconds();
    }

    /**
     * What {@link #run(List, boolean)} measured: seconds per operation {@code [workload][round]} and, when
     * the first workload brackets the others, {@code reference[workload][round]}: the mean of the first
     * workload's slots just before and just after that workload's slot (null otherwise).
     */
    public record Timings(double[][] seconds, double[][] reference) {}

    /**
     * How often a bracketing reference runs: again as soon as the others have run for this many times
     * its own last slot, so it takes about a third of a round's time and no slot is more than about two
     * reference slots from one.
     */
    static final double BRACKET_SPACING = 2;

    /**
     * Times the workloads round by round as {@link #run(List)}; with {@code bracketFirst} the first
     * workload (a forward pass that the others contain) also runs between the others, before the first
     * and after the last of every round and whenever the others have run for {@link #BRACKET_SPACING}
     * times its slot, so that each workload's ratio to it compares slots a fraction of a second apart
     * instead of up to a whole round apart (a group of every detector at batch 256 has rounds of
     * several seconds, long enough for outside load to fall on one side only). The first workload's own
     * time in a round is the mean of its slots.
     */
    public Timings run(List<? extends Runnable> workloads, boolean bracketFirst) {
        int k = workloads.size();
        int[] reps = new int[k];
        for (int i = 0; i < k; i++) reps[i] = repsFor(warmUp(workloads.get(i), warmupSeconds / k));
        List<double[]> rounds = new ArrayList<>();
        List<double[]> references = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = bracketFirst ? 1 : 0; i < k; i++) order.add(i);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (rounds.size() < MIN_ROUNDS || System.nanoTime() < end) {
            Collections.shuffle(order, random);
            double[] t = new double[k];
            if (!bracketFirst) {
                for (int i : order) t[i] = slot(workloads.get(i), reps[i]);
            } else {
                double[] ref = new double[k];
                List<Integer> waiting = new ArrayList<>(); // run since the last reference slot
                double last = slot(workloads.get(0), reps[0]);
                double sum = last;
                int n = 1;
                double since = 0;
                for (int j = 0; j <= order.size(); j++) {
                    boolean roundOver = j == order.size(); // the round ends with a reference slot too
                    if (roundOver || since >= BRACKET_SPACING * last * reps[0]) {
                        double next = slot(workloads.get(0), reps[0]);
                        for (int w : waiting) ref[w] = (last + next) / 2;
                        waiting.clear();
                        last = next;
                        sum += next;
                        n++;
                        since = 0;
                        if (roundOver) break;
                    }
                    int i = order.get(j);
                    t[i] = slot(workloads.get(i), reps[i]);
                    since += t[i] * reps[i];
                    waiting.add(i);
                }
                t[0] = sum / n;
                ref[0] = t[0];
                references.add(ref);
            }
            rounds.add(t);
        }
        return new Timings(byWorkload(rounds, k), bracketFirst ? byWorkload(references, k) : null);
    }

    private static double[][] byWorkload(List<double[]> rounds, int k) {
        double[][] out = new double[k][rounds.size()];
        for (int r = 0; r < rounds.size(); r++) {
            for (int i = 0; i < k; i++) out[i][r] = rounds.get(r)[i];
        }
        return out;
    }

    /**
     * Runs {@code w} for {@code seconds}, at least once (so a slow operation such as a detector's fit
     * is not repeated for nothing); returns its median time per operation. The group's warm-up time is
     * shared among its workloads: a group of 70 (every detector's score and ops at one batch size)
     * would otherwise spend most of its time warming up.
     */
    private double warmUp(Runnable w, double seconds) {
        List<Double> ts = new ArrayList<>();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (ts.isEmpty() || System.nanoTime() < end) ts.add(slot(w, 1));
        double[] a = ts.subList(ts.size() / 2, ts.size()).stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[a.length / 2];
    }

    private int repsFor(double perOp) {
        return (int) Math.max(1, Math.min(10_000, Math.round(slotSeconds / Math.max(perOp, 1e-7))));
    }

    private static double slot(Runnable w, int reps) {
        long t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) w.run();
        return (System.nanoTime() - t0) / 1e9 / reps;
    }
}
