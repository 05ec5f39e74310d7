package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.Arrays;
import java.util.Random;

/** A seeded subset of the ID training outputs that nearest-neighbour detectors (KNN, NNGuide) search. */
final class Bank {
    private Bank() {}

    /** The seed of every bank subset: the same fit data gives the same bank. */
    static final long SEED = 7;

    /**
     * The indices of {@code max(minSize, round(n * fraction))} of the {@code n} training outputs: all of
     * them in order when that is {@code n}, else a seeded random subset.
     */
    static int[] indices(Outputs train, double fraction, int minSize, String detector) {
        int n = train.n();
        int m = (int) Math.max(minSize, Math.round(n * fraction));
        if (m > n) throw new IllegalArgumentException(detector + ": needs " + m + " training samples, has " + n);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        if (m < n) {
            Random rng = new Random(SEED);
            for (int i = 0; i < m; i++) {
                int j = i + rng.nextInt(n - i);
                int tmp = idx[i];
                idx[i] = idx[j];
                idx[j] = tmp;
            }
        }
        return Arrays.copyOf(idx, m);
    }

    /** Checks a bank fraction is in (0, 1]. */
    static double checkFraction(String detector, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException(detector + ": bank fraction must be in (0, 1], got " + fraction);
        }
        return fraction;
    }
}
