package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/** A seeded subset of the ID training outputs that nearest-neighbour detectors (KNN, NNGuide) search. */
final class Bank {
    private Bank() {}

    /** The default seed of a bank subset (a detector's {@code seed} parameter): the same fit data and seed give the same bank. */
    public static final long SEED = 7;

    /**
     * The indices of {@code m = max(minSize, round(n * fraction))} of the {@code n} training outputs: all of
     * them in order when {@code m = n}, else a random subset that is a pure function of {@code seed}, so that
     * it can be recomputed anywhere: a partial Fisher-Yates shuffle of {@code 0..n-1} driven by
     * {@link java.util.Random}{@code (seed)} (a linear congruential generator its documentation specifies
     * exactly): for {@code i = 0..m-1}, {@code j = i + nextInt(n - i)}, swap entries {@code i} and {@code j};
     * the bank is the first {@code m} entries, in that order.
     */
    static int[] indices(Outputs train, double fraction, int minSize, long seed, String detector) {
        int n = train.n();
        int m = (int) Math.max(minSize, Math.round(n * fraction));
        if (m > n) throw new IllegalArgumentException(detector + ": needs " + m + " training samples, has " + n);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (m < n) {
            Random rng = new Random(seed);
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(n - i);
                int tmp = idx[i];
                idx[i] = idx[j];
                idx[j] = tmp;
            }
        }
        return Arrays.copyOf(idx, m);
    }

    /** A detector's parameters plus {@code seed} where its bank is a random subset (fraction below 1), which it then depends on. */
    static Map<String, Object> withSeed(Map<String, Object> params, double fraction, long seed) {
        if (fraction < 1) params.put("seed", seed);
        return params;
    }

    /** Checks a bank fraction is in (0, 1]. */
    static double checkFraction(String detector, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(detector + ": bank fraction must be in (0, 1], got " + fraction);
        }
        return fraction;
    }
}
