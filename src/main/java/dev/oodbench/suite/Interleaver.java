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
        int k = workloads.size();
        int[] reps = new int[k];
        for (int i = 0; i < k; i++) reps[i] = repsFor(warmUp(workloads.get(i), warmupSeconds / k));
        List<double[]> rounds = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < k; i++) order.add(i);
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (rounds.size() < MIN_ROUNDS || System.nanoTime() < end) {
            Collections.shuffle(order, random);
            double[] t = new double[k];
            for (int i : order) t[i] = slot(workloads.get(i), reps[i]);
            rounds.add(t);
        }
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
