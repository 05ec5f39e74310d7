package dev.oodbench.metrics;

import java.util.Arrays;

/**
 * Sorts doubles in {@link Arrays#sort(double[])} order (-0.0 before 0.0; no NaN here: scores are
 * checked first) in linear time: each value's bits become an unsigned key with the same order,
 * sorted by least significant digit first, 11 bits a pass. A pass whose digit is the same for every
 * key is skipped, so float32 scores (29 low mantissa bits zero) take four passes. Below a few
 * thousand values {@link Arrays#sort(double[])} is as fast and is used instead.
 */
final class RadixSort {
    private static final int BITS = 11;
    private static final int RADIX = 1 << BITS;
    private static final int PASSES = (64 + BITS - 1) / BITS;
    private static final int SMALL = 4096;

    private RadixSort() {}

    static void sort(double[] a) {
        int n = a.length;
        if (n < SMALL) {
            Arrays.sort(a);
            return;
        }
        long[] keys = new long[n];
        int[][] counts = new int[PASSES][RADIX];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToRawLongBits(a[i]);
            long key = bits ^ ((bits >> 63) | Long.MIN_VALUE); // negatives: all bits flipped; others: the sign bit
            keys[i] = key;
            for (int p = 0; p < PASSES; p++) counts[p][(int) (key >>> (p * BITS)) & (RADIX - 1)]++;
        }
        long[] buf = new long[n];
        for (int p = 0; p < PASSES; p++) {
            int[] c = counts[p];
            if (c[(int) (keys[0] >>> (p * BITS)) & (RADIX - 1)] == n) continue; // every key has this digit
            int sum = 0;
            for (int d = 0; d < RADIX; d++) {
                int k = c[d];
                c[d] = sum;
                sum += k;
            }
            int shift = p * BITS;
            for (int i = 0; i < n; i++) {
                long key = keys[i];
                buf[c[(int) (key >>> shift) & (RADIX - 1)]++] = key;
            }
            long[] t = keys;
            keys = buf;
            buf = t;
        }
        for (int i = 0; i < n; i++) {
            long key = keys[i];
            a[i] = Double.longBitsToDouble(key < 0 ? key ^ Long.MIN_VALUE : ~key);
        }
    }
}
