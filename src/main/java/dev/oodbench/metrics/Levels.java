package dev.oodbench.metrics;

import java.util.concurrent.CompletableFuture;

/**
 * (ID scores, OOD scores) grouped by distinct score, ascending: level {@code k} holds
 * {@code id[k]} ID and {@code ood[k]} OOD samples scoring {@code value[k]}. Tied scores (by
 * {@code ==}, so -0.0 and 0.0 are one level) share a level. Every exact-ROC quantity is a scan over
 * these levels: from the top for OOD-positive metrics, from the bottom for ID-positive ones. Built
 * with one (radix) sort per side (the two sides at once for large inputs) and one merge; only the
 * first {@link #size} entries are used.
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
        ScoreChecks.check("id scores", idScores);
        ScoreChecks.check("ood scores", oodScores);
        double[] a = idScores.clone();
        double[] b = oodScores.clone();
        if (a.length + b.length >= PARALLEL) {
            CompletableFuture<Void> other = CompletableFuture.runAsync(() -> RadixSort.sort(b));
            RadixSort.sort(a);
            other.join();
        } else {
            RadixSort.sort(a);
            RadixSort.sort(b);
        }
        int cap = a.length + b.length;
        double[] value = new double[cap];
        int[] ids = new int[cap];
        int[] oods = new int[cap];
        int i = 0;
        int o = 0;
        int k = 0;
        while (i < a.length || o < b.length) {
            double t = Math.min(i < a.length ? a[i] : Double.POSITIVE_INFINITY, o < b.length ? b[o] : Double.POSITIVE_INFINITY);
            int i0 = i;
            int o0 = o;
            while (i < a.length && a[i] == t) i++;
            while (o < b.length && b[o] == t) o++;
            value[k] = t + 0.0; // -0.0 and 0.0 are one level: store it as 0.0
            ids[k] = i - i0;
            oods[k] = o - o0;
            k++;
        }
        return new Levels(value, ids, oods, k, a.length, b.length);
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
