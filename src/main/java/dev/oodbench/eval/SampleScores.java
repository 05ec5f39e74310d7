package dev.oodbench.eval;

/**
 * One detector's per-sample scores on one set (higher = more OOD), with what identifies them: the
 * model, the detector's name and parameters ({@code k=50;bank_fraction=1.0}, as in the accuracy rows),
 * the set's name, its {@link dev.oodbench.data.DatasetFingerprint} and the sample order (which samples
 * of the set, in which order: {@code all} or {@code first N}).
 */
public record SampleScores(String model, String detector, String params, String dataset, String fingerprint,
                           String order, double[] scores) {
    /** Every sample of the set, in the catalog's order. */
    public static final String ALL = "all";

    public SampleScores {
        params = params == null ? "" : params;
        fingerprint = fingerprint == null ? "" : fingerprint;
        order = order == null || order.isEmpty() ? ALL : order;
        if (scores == null) throw new IllegalArgumentException("no scores for " + detector + " on " + dataset);
    }

    /** The order text of the first {@code n} samples of a set. */
    public static String first(int n) {
        return "first " + n;
    }
}
