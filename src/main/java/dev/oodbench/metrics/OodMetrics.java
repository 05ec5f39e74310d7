package dev.oodbench.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every OOD metric of one (ID scores, OOD scores) pair, computed in one place (as OpenOOD's
 * evaluator does) so every detector is judged the same way. Conventions: higher score = more OOD;
 * OOD is the positive class; exact ROC with tied scores grouped; FPR95 = FPR at the first threshold
 * (from the top) where TPR >= 0.95 (OpenOOD v1.5, pytorch-ood). {@code fpr95IdPos} is the older
 * convention (ID positive, scores negated: the share of OOD samples accepted when 95% of ID samples
 * are kept). AUPR-In takes ID as positive with negated scores; AUPR-Out takes OOD as positive (both
 * average precision, scikit-learn's step definition). All values are fractions.
 */
public record OodMetrics(double auroc, double fpr95, double fpr95IdPos, double tnr95, double auprIn, double auprOut,
                         double detectionError, int nId, int nOod) {

    public static final String POSITIVE_CLASS = "ood";
    public static final String FPR_RULE = "first-threshold-tpr>=0.95,ties-grouped";
    public static final List<String> NAMES =
            List.of("auroc", "fpr95", "fpr95_idpos", "tnr95", "aupr_in", "aupr_out", "detection_error");

    public static OodMetrics compute(double[] idScores, double[] oodScores) {
        RocCurve out = RocCurve.of(idScores, oodScores);
        RocCurve in = RocCurve.of(negate(oodScores), negate(idScores)); // ID positive, -score
        double fpr95 = out.fprAtTpr(0.95);
        return new OodMetrics(out.auroc(), fpr95, in.fprAtTpr(0.95), 1 - fpr95, in.averagePrecision(),
                out.averagePrecision(), out.detectionError(), idScores.length, oodScores.length);
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

    static double[] negate(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = -x[i];
        return y;
    }
}
