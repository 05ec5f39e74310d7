package dev.oodbench.metrics;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * (ID scores, OOD scores) grouped by distinct score, ascending: level {@code k} holds
 * {@code id[k]} ID and {@code ood[k]} OOD samples scoring {@code value[k]}. Tied scores (by
 * {@code ==}, so -0.0 and 0.0 are one level) share a level. Every exact-ROC quantity is a scan over
 * these levels: from the top for OOD-positive metrics, from the bottom for ID-positive ones. Built
 * with one (radix) sort per side and one merge, each on two threads for large inputs (the two sides
 * at once; the merge's lower and upper halves at once); only the first {@link #size} entries are used.
 */
final class Levels {
    /** From this many scores on, the two sides are sorted on two threads. */
    private static final int PARALLEL = 200_000;

    final double[] value;
    final int[] id;
    final int[] ood;
    final int size;
    final int nId;
    final int nOod;

    private Levels(double[] value, int[] id, int[] ood, int size, int nId, int nOod) {
        this.value = value;
        this.id = id;
        this.ood = ood;
        this.size = size;
        this.nId = nId;
        this.nOod = nOod;
    }

    /** Groups the scores; NaN or infinite scores and empty sides are errors. The inputs are not modified. */
    static Levels of(double[] idScores, double[] oodScores) {
        if (idScores != null && oodScores != null && idScores.length + oodScores.length >= PARALLEL) {
            CompletableFuture<double[]> other = CompletableFuture.supplyAsync(() -> sorted("ood scores", oodScores));
            double[] a = sorted("id scores", idScores);
            return merged(a, join(other));
        }
        return merged(sorted("id scores", idScores), sorted("ood scores", oodScores));
    }

    private static double[] sorted(String what, double[] scores) {
        ScoreChecks.check(what, scores);
        double[] s = scores.clone();
        RadixSort.sort(s);
        return s;
    }

    /**
     * Merges the two sorted sides into levels. Large inputs are cut at one score value {@code t}: every
     * score below {@code t} (on either side) goes to the first half, the rest to the second, so no level
     * straddles the cut and the halves merge on two threads; the second half is then moved up to
     * follow the first.
     */
    private static Levels merged(double[] a, double[] b) {
        int cap = a.length + b.length;
        double[] value = new double[cap];
        int[] ids = new int[cap];
        int[] oods = new int[cap];
        int k;
        if (cap >= PARALLEL) {
            double t = a[a.length / 2];
            int ia = lowerBound(a, t);
            int ib = lowerBound(b, t);
            CompletableFuture<Integer> upper = CompletableFuture.supplyAsync(
                    () -> merge(a, ia, a.length, b, ib, b.length, value, ids, oods, ia + ib));
            int k1 = merge(a, 0, ia, b, 0, ib, value, ids, oods, 0);
            int k2 = join(upper) - (ia + ib);
            System.arraycopy(value, ia + ib, value, k1, k2);
            System.arraycopy(ids, ia + ib, ids, k1, k2);
            System.arraycopy(oods, ia + ib, oods, k1, k2);
            k = k1 + k2;
        } else {
            k = merge(a, 0, a.length, b, 0, b.length, value, ids, oods, 0);
        }
        return new Levels(value, ids, oods, k, a.length, b.length);
    }

    /** Merges a[i, aEnd) and b[o, bEnd) into levels written from {@code k} on; returns the index after the last. */
    private static int merge(double[] a, int i, int aEnd, double[] b, int o, int bEnd, double[] value, int[] ids,
                             int[] oods, int k) {
        while (i < aEnd || o < bEnd) {
            double t = Math.min(i < aEnd ? a[i] : Double.POSITIVE_INFINITY, o < bEnd ? b[o] : Double.POSITIVE_INFINITY);
            int i0 = i;
            int o0 = o;
            while (i < aEnd && a[i] == t) i++;
            while (o < bEnd && b[o] == t) o++;
            value[k] = t + 0.0; // -0.0 and 0.0 are one level: store it as 0.0
            ids[k] = i - i0;
            oods[k] = o - o0;
            k++;
        }
        return k;
    }

    /** The first index of sorted {@code s} whose value is not below {@code t} (-0.0 is not below 0.0). */
    static int lowerBound(double[] s, double t) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < t) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /** The value of a task run on another thread, its unchecked exception rethrown as it was. */
    static <T> T join(CompletableFuture<T> task) {
        try {
            return task.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    /** The level holding {@code score} (which must be one of the grouped scores), by binary search. */
    int indexOf(double score) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            double v = value[mid];
            if (v < score) lo = mid + 1;
            else if (v > score) hi = mid - 1;
            else return mid;
        }
        throw new IllegalArgumentException(score + " is not one of the grouped scores");
    }
}
