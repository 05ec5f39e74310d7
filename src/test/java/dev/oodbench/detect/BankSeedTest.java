package dev.oodbench.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.oodbench.model.Outputs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A random bank is a pure function of the seed its row records, recomputable without this code. */
class BankSeedTest {
    /** java.util.Random as its documentation specifies it (48-bit LCG), written out, to recompute a bank independently. */
    static final class Lcg {
        private long state;

        Lcg(long seed) {
            state = (seed ^ 0x5DEECE66DL) & ((1L << 48) - 1);
        }

        int next(int bits) {
            state = (state * 0x5DEECE66DL + 0xBL) & ((1L << 48) - 1);
            return (int) (state >>> (48 - bits));
        }

        int nextInt(int bound) {
            if ((bound & -bound) == bound) return (int) ((bound * (long) next(31)) >> 31);
            int bits;
            int val;
            do {
                bits = next(31);
                val = bits % bound;
            } while (bits - val + (bound - 1) < 0);
            return val;
        }
    }

    /** The documented algorithm: partial Fisher-Yates over 0..n-1, the first m entries. */
    static int[] documentedBank(int n, int m, long seed) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Lcg rng = new Lcg(seed);
        for (int i = 0; i < m; i++) {
            int j = i + rng.nextInt(n - i);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return Arrays.copyOf(idx, m);
    }

    private static Outputs outputs(int n, int d, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] f = new float[n * d];
        for (int i = 0; i < f.length; i++) f[i] = (float) r.nextGaussian();
        float[] l = new float[n * 2];
        for (int i = 0; i < l.length; i++) l[i] = (float) r.nextGaussian();
        return new Outputs(n, 2, d, l, f);
    }

    @Test
    void theBankIsTheDocumentedFunctionOfTheSeed() {
        Outputs train = outputs(1000, 4, 1);
        for (long seed : new long[] {7, 3, 123456789L}) {
            assertArrayEquals(documentedBank(1000, 250, seed), Bank.indices(train, 0.25, 1, seed, "knn"), "seed " + seed);
        }
        assertFalse(Arrays.equals(Bank.indices(train, 0.25, 1, 7, "knn"), Bank.indices(train, 0.25, 1, 3, "knn")));
        int[] all = Bank.indices(train, 1.0, 1, 3, "knn");
        for (int i = 0; i < all.length; i++) assertEquals(i, all[i], "the whole set, in order");
    }

    @Test
    void aRandomBanksSeedIsOneOfTheRowsParametersAndSetsItsScores() {
        assertEquals(Map.of("k", 50, "bank_fraction", 1.0), DetectorCatalog.parseList("knn").get(0).params(),
                "the whole set: no seed, nothing random");
        assertEquals(List.of("k", "bank_fraction", "seed"),
                List.copyOf(DetectorCatalog.parseList("knn:bank_fraction=0.25").get(0).params().keySet()));
        assertEquals(7L, DetectorCatalog.parseList("knn:bank_fraction=0.25").get(0).params().get("seed"));
        assertEquals(3L, DetectorCatalog.parseList("nnguide:seed=3").get(0).params().get("seed"));
        assertEquals(7L, DetectorCatalog.parseList("nnguide").get(0).params().get("seed"));

        Outputs train = outputs(400, 4, 2);
        FitData fit = new FitData(train, new int[400], new float[8], new float[2]);
        Outputs test = outputs(50, 4, 3);
        double[][] scores = new double[3][];
        String[] specs = {"knn:k=5:bank_fraction=0.1:seed=3", "knn:k=5:bank_fraction=0.1:seed=3", "knn:k=5:bank_fraction=0.1:seed=4"};
        for (int i = 0; i < 3; i++) {
            Detector d = DetectorCatalog.parseList(specs[i]).get(0);
            d.fit(fit);
            scores[i] = d.referenceScores(test);
        }
        assertArrayEquals(scores[0], scores[1], "the same seed, the same bank, the same scores");
        assertFalse(Arrays.equals(scores[0], scores[2]), "another seed, another bank");
    }
}
