package dev.oodbench.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RadixSortTest {
    private static void assertSortsLikeArraysSort(double[] a) {
        double[] expected = a.clone();
        Arrays.sort(expected);
        RadixSort.sort(a);
        assertArrayEquals(expected, a); // compares bits: -0.0 before 0.0
    }

    @Test
    void sortsLikeArraysSortAcrossSignsMagnitudesAndTies() {
        SplittableRandom r = new SplittableRandom(7);
        double[] special = {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1, -1};
        for (int n : new int[] {0, 1, 5000, 100_000}) {
            double[] doubles = new double[n];
            double[] floats = new double[n];
            double[] ties = new double[n];
            for (int i = 0; i < n; i++) {
                doubles[i] = i < special.length ? special[i] : r.nextGaussian() * Math.pow(10, r.nextInt(-300, 300));
                floats[i] = (float) (r.nextGaussian() * 3);
                ties[i] = r.nextInt(5) - 2;
                if (ties[i] == 0 && r.nextBoolean()) ties[i] = -0.0;
            }
            assertSortsLikeArraysSort(doubles);
            assertSortsLikeArraysSort(floats);
            assertSortsLikeArraysSort(ties);
        }
    }
}
