package dev.oodbench.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A paired, stratified percentile bootstrap of the differences candidate - baseline of FPR95, TNR95,
 * AUPR-In and AUPR-Out, for two detectors that scored the same samples (sample {@code i} of both
 * sides is the same image). Each resample draws ID indices from the ID set and OOD indices from each
 * OOD set, with replacement (stratified: the ID and OOD counts stay fixed), and uses the same indices
 * on both sides, so what the two detectors share cancels in the difference. The interval is the
 * {@code (1 - confidence) / 2} and {@code (1 + confidence) / 2} percentiles of the resampled differences.
 *
 * <p>Several OOD sets against one ID set: the difference of the plain averages over the sets (a
 * near/far group row), one ID draw shared by every set of a resample. Resampling is as fast as in
 * {@link Bootstrap}: each side is ranked once on its distinct scores ({@link Levels}), a resample is a
 * histogram of counts per rank, and every metric follows from one scan of it with
 * {@link OodMetrics}'s arithmetic (a resample that draws every sample once gives its values, to rounding).
 */
public final class PairedBootstrap {
    /** The metrics this bootstrap bounds, by their {@link OodMetrics#NAMES} name. */
    public static final List<String> METRICS = List.of("fpr95", "tnr95", "aupr_in", "aupr_out");

    /** Resamples are drawn in this many chunks, each from its own generator (run in parallel). */
    private static final int CHUNKS = 16;

    private PairedBootstrap() {}

    /** Differences by metric name ({@link #METRICS}), in that order. */
    public static Map<String, DeLong.Difference> paired(double[] idA, double[] oodA, double[] idB, double[] oodB,
                                                         int resamples, long seed, double confidence) {
        return pairedAverage(idA, List.of(oodA), idB, List.of(oodB), resamples, seed, confidence);
    }

    /** The differences of the plain averages over the OOD sets, by metric name ({@link #METRICS}). */
    public static Map<String, DeLong.Difference> pairedAverage(double[] idA, List<double[]> oodA, double[] idB,
                                                                List<double[]> oodB, int resamples, long seed,
                                                                double confidence) {
        DeLong.checkConfidence(confidence);
        if (resamples < 2) throw new IllegalArgumentException("a paired bootstrap needs at least 2 resamples: " + resamples);
        int k = oodA.size();
        if (k == 0 || oodB.size() != k) throw new IllegalArgumentException("both sides need the same OOD sets (got "
                + oodA.size() + " and " + oodB.size() + ")");
        if (idA.length != idB.length) {
            throw new IllegalArgumentException("ID scores: " + idA.length + " baseline and " + idB.length
                    + " candidate samples; a paired test needs the same samples on both sides");
        }
        Side[][] sides = new Side[2][k];
        for (int s = 0; s < k; s++) {
            if (oodA.get(s).length != oodB.get(s).length) {
                throw new IllegalArgumentException("OOD scores of set " + s + ": " + oodA.get(s).length + " baseline and "
                        + oodB.get(s).length + " candidate samples; a paired test needs the same samples on both sides");
            }
            sides[0][s] = new Side(idA, oodA.get(s));
            sides[1][s] = new Side(idB, oodB.get(s));
        }
        int nId = idA.length;
        int m = METRICS.size();
        // the point estimates: every sample once
        int[] idIdx = new int[nId];
        for (int i = 0; i < nId; i++) idIdx[i] = i;
        int[][] oodIdx = new int[k][];
        for (int s = 0; s < k; s++) {
            oodIdx[s] = new int[oodA.get(s).length];
            for (int i = 0; i < oodIdx[s].length; i++) oodIdx[s][i] = i;
        }
        Buffers once = new Buffers(sides);
        double[] a0 = averaged(sides[0], once.of[0], idIdx, oodIdx);
        double[] b0 = averaged(sides[1], once.of[1], idIdx, oodIdx);
        double[][] diffs = new double[m][resamples];
        // resamples in fixed chunks, each with its own generator split off in order: the same result on any
        // number of threads
        SplittableRandom root = new SplittableRandom(seed);
        int chunks = Math.min(CHUNKS, resamples);
        SplittableRandom[] rngs = new SplittableRandom[chunks];
        for (int c = 0; c < chunks; c++) rngs[c] = root.split();
        IntStream.range(0, chunks).parallel().forEach(c -> {
            SplittableRandom rng = rngs[c];
            int[] ids = new int[nId];
            int[][] oods = new int[k][];
            for (int s = 0; s < k; s++) oods[s] = new int[oodIdx[s].length];
            Buffers buf = new Buffers(sides);
            for (int r = c; r < resamples; r += chunks) {
                for (int i = 0; i < nId; i++) ids[i] = rng.nextInt(nId);
                for (int s = 0; s < k; s++) {
                    int n = oods[s].length;
                    for (int i = 0; i < n; i++) oods[s][i] = rng.nextInt(n);
                }
                double[] a = averaged(sides[0], buf.of[0], ids, oods);
                double[] b = averaged(sides[1], buf.of[1], ids, oods);
                for (int q = 0; q < m; q++) diffs[q][r] = b[q] - a[q];
            }
        });
        double tail = (1 - confidence) / 2;
        Map<String, DeLong.Difference> out = new LinkedHashMap<>();
        for (int q = 0; q < m; q++) {
            double[] d = diffs[q];
            Arrays.sort(d);
            double lo = Bootstrap.percentile(d, tail);
            double hi = Bootstrap.percentile(d, 1 - tail);
            double mean = 0;
            for (double v : d) mean += v;
            mean /= d.length;
            double ss = 0;
            for (double v : d) ss += (v - mean) * (v - mean);
            out.put(METRICS.get(q), new DeLong.Difference(a0[q], b0[q], b0[q] - a0[q], lo, hi,
                    Math.sqrt(ss / (d.length - 1)), confidence));
        }
        return out;
    }

    /** The metrics of one side averaged over its OOD sets, for the drawn indices. */
    private static double[] averaged(Side[] sets, int[][][] counts, int[] idIdx, int[][] oodIdx) {
        double[] sum = new double[METRICS.size()];
        for (int s = 0; s < sets.length; s++) {
            double[] v = sets[s].metrics(counts[s][0], counts[s][1], idIdx, oodIdx[s]);
            for (int q = 0; q < sum.length; q++) sum[q] += v[q] / sets.length;
        }
        return sum;
    }

    /** Count buffers of one thread: [side][set][ID or OOD][level]. */
    private static final class Buffers {
        final int[][][][] of;

        Buffers(Side[][] sides) {
            of = new int[2][][][];
            for (int a = 0; a < 2; a++) {
                of[a] = new int[sides[a].length][][];
                for (int s = 0; s < sides[a].length; s++) {
                    of[a][s] = new int[][] {new int[sides[a][s].lv.size], new int[sides[a][s].lv.size]};
                }
            }
        }
    }

    /** One detector on one (ID, OOD) pair: each sample's level. */
    private static final class Side {
        final Levels lv;
        final int[] idRank;
        final int[] oodRank;
        final int tp95;

        Side(double[] id, double[] ood) {
            lv = Levels.of(id, ood);
            idRank = new int[id.length];
            oodRank = new int[ood.length];
            for (int i = 0; i < id.length; i++) idRank[i] = lv.indexOf(id[i]);
            for (int i = 0; i < ood.length; i++) oodRank[i] = lv.indexOf(ood[i]);
            int t = 0;
            while (t / (double) ood.length < 0.95) t++;
            tp95 = t;
        }

        /** FPR95, TNR95, AUPR-In, AUPR-Out ({@link #METRICS} order) of the samples drawn. */
        double[] metrics(int[] idCount, int[] oodCount, int[] idIdx, int[] oodIdx) {
            Arrays.fill(idCount, 0);
            Arrays.fill(oodCount, 0);
            for (int i : idIdx) idCount[idRank[i]]++;
            for (int i : oodIdx) oodCount[oodRank[i]]++;
            int nI = idIdx.length;
            int nO = oodIdx.length;
            // from the top, OOD positive: FPR at the first level where TPR >= 0.95, and AUPR-Out
            long tp = 0;
            long fp = 0;
            double fpr95 = 1.0;
            boolean found = false;
            double apOut = 0;
            for (int k = lv.size - 1; k >= 0; k--) {
                tp += oodCount[k];
                fp += idCount[k];
                if (!found && tp >= tp95) {
                    fpr95 = fp / (double) nI;
                    found = true;
                }
                if (oodCount[k] != 0) apOut += (oodCount[k] / (double) nO) * (tp / (double) (tp + fp));
            }
            // from the bottom, ID positive: AUPR-In
            long tpIn = 0;
            long fpIn = 0;
            double apIn = 0;
            for (int k = 0; k < lv.size; k++) {
                tpIn += idCount[k];
                fpIn += oodCount[k];
                if (idCount[k] != 0) apIn += (idCount[k] / (double) nI) * (tpIn / (double) (tpIn + fpIn));
            }
            return new double[] {fpr95, 1 - fpr95, apIn, apOut};
        }
    }
}
