package dev.oodbench.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fast metrics and bootstrap against the plain implementations they replaced (kept here as the
 * reference: two sorted curves, one per positive class, and a bootstrap that scans every pooled
 * level with both divisions): equal bit for bit on random scores with many ties, -0.0 and 0.0, and
 * unequal sides.
 */
class PlainScanAgreementTest {
    /** n scores drawn from {@code levels} distinct values (so ties are common), shifted by {@code shift}. */
    private static double[] scores(SplittableRandom r, int n, int levels, double shift) {
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = levels > 0 ? Math.floor(r.nextGaussian() * levels / 4) / levels + shift : (float) (r.nextGaussian() + shift);
            if (s[i] == 0 && r.nextBoolean()) s[i] = -0.0;
        }
        return s;
    }

    @Test
    void metricsEqualThePlainTwoCurveComputation() {
        SplittableRandom r = new SplittableRandom(11);
        for (int[] c : new int[][] {{1, 1, 0}, {3, 5, 2}, {200, 50, 7}, {1000, 3000, 40}, {5000, 5000, 0}, {997, 20, 3},
                {150_000, 100_000, 0}, {120_000, 90_000, 500}, {200_000, 50_000, 1}, {1, 250_000, 3}, {250_000, 1, 0}}) {
            double[] id = scores(r, c[0], c[2], 0);
            double[] ood = scores(r, c[1], c[2], 0.7);
            OodMetrics fast = OodMetrics.compute(id, ood);
            OodMetrics plain = PlainMetrics.compute(id, ood);
            assertEquals(plain, fast, Arrays.toString(c));
        }
    }

    @Test
    void bootstrapIntervalsEqualThePlainScanForTheSameSeed() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] c : new int[][] {{10, 7, 2}, {300, 200, 9}, {2000, 500, 60}, {1000, 1000, 0}}) {
            double[] id = scores(r, c[0], c[2], 0);
            double[] ood = scores(r, c[1], c[2], 0.5);
            for (long seed : new long[] {0, 1, 42}) {
                assertEquals(PlainMetrics.bootstrap(id, ood, 300, seed), Bootstrap.intervals(id, ood, 300, seed),
                        Arrays.toString(c) + " seed " + seed);
            }
        }
    }

    /** The implementations of oodbench 0.x before the one-pass metrics, unchanged. */
    static final class PlainMetrics {
        static OodMetrics compute(double[] idScores, double[] oodScores) {
            Curve out = Curve.of(idScores, oodScores);
            Curve in = Curve.of(negate(oodScores), negate(idScores)); // ID positive, -score
            double fpr95 = out.fprAtTpr(0.95);
            return new OodMetrics(out.auroc(), fpr95, in.fprAtTpr(0.95), 1 - fpr95, in.averagePrecision(),
                    out.averagePrecision(), out.detectionError(), idScores.length, oodScores.length);
        }

        static double[] negate(double[] x) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) y[i] = -x[i];
            return y;
        }

        static Bootstrap.Intervals bootstrap(double[] idScores, double[] oodScores, int resamples, long seed) {
            double[] pooled = new double[idScores.length + oodScores.length];
            for (int i = 0; i < idScores.length; i++) pooled[i] = idScores[i] + 0.0;
            for (int i = 0; i < oodScores.length; i++) pooled[idScores.length + i] = oodScores[i] + 0.0;
            Arrays.sort(pooled);
            int distinct = 0;
            for (int i = 0; i < pooled.length; i++) {
                if (i == 0 || pooled[i] != pooled[i - 1]) pooled[distinct++] = pooled[i];
            }
            double[] levels = Arrays.copyOf(pooled, distinct);
            int[] idRank = new int[idScores.length];
            for (int i = 0; i < idRank.length; i++) idRank[i] = Arrays.binarySearch(levels, idScores[i] + 0.0);
            int[] oodRank = new int[oodScores.length];
            for (int i = 0; i < oodRank.length; i++) oodRank[i] = Arrays.binarySearch(levels, oodScores[i] + 0.0);
            SplittableRandom rng = new SplittableRandom(seed);
            double[] aurocs = new double[resamples];
            double[] fprs = new double[resamples];
            int[] idCount = new int[distinct];
            int[] oodCount = new int[distinct];
            for (int r = 0; r < resamples; r++) {
                Arrays.fill(idCount, 0);
                Arrays.fill(oodCount, 0);
                for (int i = 0; i < idRank.length; i++) idCount[idRank[rng.nextInt(idRank.length)]]++;
                for (int i = 0; i < oodRank.length; i++) oodCount[oodRank[rng.nextInt(oodRank.length)]]++;
                long tp = 0;
                long fp = 0;
                double area = 0;
                double fpr95 = 1.0;
                boolean found = false;
                double nI = idRank.length;
                double nO = oodRank.length;
                for (int k = distinct - 1; k >= 0; k--) {
                    if (idCount[k] == 0 && oodCount[k] == 0) continue;
                    long tp2 = tp + oodCount[k];
                    long fp2 = fp + idCount[k];
                    area += (fp2 - fp) / nI * (tp2 + tp) / (2 * nO);
                    tp = tp2;
                    fp = fp2;
                    if (!found && tp / nO >= 0.95) {
                        fpr95 = fp / nI;
                        found = true;
                    }
                }
                aurocs[r] = area;
                fprs[r] = fpr95;
            }
            Arrays.sort(aurocs);
            Arrays.sort(fprs);
            return new Bootstrap.Intervals(Bootstrap.percentile(aurocs, 0.025), Bootstrap.percentile(aurocs, 0.975),
                    Bootstrap.percentile(fprs, 0.025), Bootstrap.percentile(fprs, 0.975), resamples);
        }

        /** The exact ROC, OOD positive, built by merging the two sorted sides from the top. */
        record Curve(double[] fpr, double[] tpr, long[] tp, long[] fp) {
            static Curve of(double[] idScores, double[] oodScores) {
                double[] id = idScores.clone();
                double[] ood = oodScores.clone();
                Arrays.sort(id);
                Arrays.sort(ood);
                int i = id.length - 1;
                int o = ood.length - 1;
                int cap = id.length + ood.length + 1;
                long[] tp = new long[cap];
                long[] fp = new long[cap];
                int k = 1;
                long ctp = 0;
                long cfp = 0;
                while (i >= 0 || o >= 0) {
                    double t = Math.max(i >= 0 ? id[i] : Double.NEGATIVE_INFINITY, o >= 0 ? ood[o] : Double.NEGATIVE_INFINITY);
                    while (o >= 0 && ood[o] == t) {
                        ctp++;
                        o--;
                    }
                    while (i >= 0 && id[i] == t) {
                        cfp++;
                        i--;
                    }
                    tp[k] = ctp;
                    fp[k] = cfp;
                    k++;
                }
                double[] fpr = new double[k];
                double[] tpr = new double[k];
                for (int j = 0; j < k; j++) {
                    fpr[j] = fp[j] / (double) id.length;
                    tpr[j] = tp[j] / (double) ood.length;
                }
                return new Curve(fpr, tpr, Arrays.copyOf(tp, k), Arrays.copyOf(fp, k));
            }

            double auroc() {
                double a = 0;
                for (int k = 1; k < tp.length; k++) a += (fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1]) / 2;
                return a;
            }

            double fprAtTpr(double level) {
                for (int k = 0; k < tp.length; k++) if (tpr[k] >= level) return fpr[k];
                return 1.0;
            }

            double detectionError() {
                double best = 1.0;
                for (int k = 0; k < tp.length; k++) best = Math.min(best, 0.5 * (fpr[k] + 1 - tpr[k]));
                return best;
            }

            double averagePrecision() {
                double ap = 0;
                for (int k = 1; k < tp.length; k++) {
                    if (tp[k] == tp[k - 1]) continue;
                    ap += (tpr[k] - tpr[k - 1]) * (tp[k] / (double) (tp[k] + fp[k]));
                }
                return ap;
            }
        }
    }
}
