package dev.oodbench.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;

/**
 * Every OOD metric of one (ID scores, OOD scores) pair, computed in one place (as OpenOOD's
 * evaluator does) so every detector is judged the same way. Conventions: higher score = more OOD;
 * OOD is the positive class; exact ROC with tied scores grouped; FPR95 = FPR at the first threshold
 * (from the top) where TPR >= 0.95 (OpenOOD v1.5, pytorch-ood). {@code fpr95IdPos} is the older
 * convention (ID positive, scores negated: the share of OOD samples accepted when 95% of ID samples
 * are kept). AUPR-In takes ID as positive with negated scores; AUPR-Out takes OOD as positive (both
 * average precision, scikit-learn's step definition). All values are fractions.
 *
 * <p>Each metric is a named constant ({@link #NAMES}), as in Tribuo's evaluation package: results
 * files take their metric columns from that list, in that order, so a new metric is added here alone
 * (component, name, {@link #get}, {@link #of} and its value in {@link #compute}); give it a bootstrap
 * interval in {@link Bootstrap} as well if it needs one.
 */
public record OodMetrics(double auroc, double fpr95, double fpr95IdPos, double tnr95, double auprIn, double auprOut,
                         double detectionError, int nId, int nOod) {

    public static final String POSITIVE_CLASS = "ood";
    public static final String FPR_RULE = "first-threshold-tpr>=0.95,ties-grouped";
    public static final List<String> NAMES =
            List.of("auroc", "fpr95", "fpr95_idpos", "tnr95", "aupr_in", "aupr_out", "detection_error");

    /** From this many levels on, the two scans run on two threads. */
    private static final int PARALLEL_SCANS = 200_000;

    /**
     * Every metric from one sort per side: the scores are grouped into {@link Levels}, then one scan
     * from the top (OOD positive) and one from the bottom (ID positive, i.e. -score) give them all.
     */
    public static OodMetrics compute(double[] idScores, double[] oodScores) {
        Levels lv = Levels.of(idScores, oodScores);
        CompletableFuture<Scan> inTask = lv.size >= PARALLEL_SCANS
                ? CompletableFuture.supplyAsync(() -> Scan.of(lv, lv.id, lv.ood, lv.nId, lv.nOod, false)) : null;
        Scan out = Scan.of(lv, lv.ood, lv.id, lv.nOod, lv.nId, true);
        Scan in = inTask == null ? Scan.of(lv, lv.id, lv.ood, lv.nId, lv.nOod, false) : Levels.join(inTask);
        return new OodMetrics(out.auroc, out.fprAt95, in.fprAt95, 1 - out.fprAt95, in.averagePrecision,
                out.averagePrecision, out.detectionError, lv.nId, lv.nOod);
    }

    /**
     * The exact ROC of one positive class walked threshold by threshold (a sample is flagged when its
     * score is at or beyond the threshold), accumulating: AUROC by the trapezoid rule (= P(pos beyond
     * neg) + P(tie) / 2); the FPR at the first threshold where TPR >= 0.95; the minimum over thresholds
     * of (FPR + FNR) / 2; and average precision, scikit-learn's step definition (sum over thresholds
     * of (R_k - R_{k-1}) P_k).
     */
    private record Scan(double auroc, double fprAt95, double detectionError, double averagePrecision) {
        static Scan of(Levels lv, int[] pos, int[] neg, int nPos, int nNeg, boolean fromTop) {
            long tp = 0;
            long fp = 0;
            double prevFpr = 0;
            double prevTpr = 0;
            double area = 0;
            double ap = 0;
            double fprAt95 = 1.0;
            boolean found = false;
            double best = Math.min(1.0, 0.5 * (0.0 + 1 - 0.0)); // the point (0, 0) above every score
            for (int j = 0; j < lv.size; j++) {
                int k = fromTop ? lv.size - 1 - j : j;
                tp += pos[k];
                fp += neg[k];
                double fpr = fp / (double) nNeg;
                double tpr = tp / (double) nPos;
                area += (fpr - prevFpr) * (tpr + prevTpr) / 2;
                if (!found && tpr >= 0.95) {
                    fprAt95 = fpr;
                    found = true;
                }
                best = Math.min(best, 0.5 * (fpr + 1 - tpr));
                if (pos[k] != 0) ap += (tpr - prevTpr) * (tp / (double) (tp + fp));
                prevFpr = fpr;
                prevTpr = tpr;
            }
            return new Scan(area, fprAt95, best, ap);
        }
    }

    /** Metrics from their values by name ({@link #NAMES}): reading a results file, averaging rows. */
    public static OodMetrics of(ToDoubleFunction<String> byName, int nId, int nOod) {
        return new OodMetrics(byName.applyAsDouble("auroc"), byName.applyAsDouble("fpr95"),
                byName.applyAsDouble("fpr95_idpos"), byName.applyAsDouble("tnr95"), byName.applyAsDouble("aupr_in"),
                byName.applyAsDouble("aupr_out"), byName.applyAsDouble("detection_error"), nId, nOod);
    }

    /** No metrics (every value NaN): an OOD set that could not be evaluated. */
    public static OodMetrics none(int nId) {
        return of(name -> Double.NaN, nId, 0);
    }

    /**
     * The plain average of each metric over {@code rows} (OpenOOD's near/far group numbers), with the
     * first row's ID count and the OOD counts summed.
     */
    public static OodMetrics mean(List<OodMetrics> rows) {
        return of(name -> rows.stream().mapToDouble(m -> m.get(name)).average().orElse(Double.NaN), rows.get(0).nId(),
                rows.stream().mapToInt(OodMetrics::nOod).sum());
    }

    /** A metric by its name (see {@link #NAMES}), as oodeel's bench_metrics picks them. */
    public double get(String name) {
        return switch (name) {
            case "auroc" -> auroc;
            case "fpr95" -> fpr95;
            case "fpr95_idpos" -> fpr95IdPos;
            case "tnr95" -> tnr95;
            case "aupr_in" -> auprIn;
            case "aupr_out" -> auprOut;
            case "detection_error" -> detectionError;
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'; known: " + String.join(", ", NAMES));
        };
    }

    /** Named values in a stable order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (String n : NAMES) m.put(n, get(n));
        return m;
    }
}
