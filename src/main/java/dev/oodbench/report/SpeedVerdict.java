package dev.oodbench.report;

/**
 * The verdict on a speed ratio (candidate time / baseline time) from its confidence interval and a
 * threshold {@code slower} (0.05 = 5%), the same rule for {@code compare} and {@code ab}:
 * <ul>
 * <li>regression: the whole interval is above {@code 1 + slower} (slower by more than the threshold, beyond noise);
 * <li>improvement: the whole interval is below {@code 1 / (1 + slower)};
 * <li>no change: the whole interval is inside {@code [1 / (1 + slower), 1 + slower]} (any change is smaller than the threshold);
 * <li>inconclusive: the interval straddles a threshold (measure longer, or on a quieter machine).
 * </ul>
 */
public enum SpeedVerdict {
    REGRESSION("regression"), IMPROVEMENT("improvement"), NO_CHANGE("no change"), INCONCLUSIVE("inconclusive");

    /** The threshold both commands use unless told otherwise. */
    public static final double DEFAULT_SLOWER = 0.05;

    private final String label;

    SpeedVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static SpeedVerdict of(double lo, double hi, double slower) {
        if (!(slower >= 0)) throw new IllegalArgumentException("slower must be >= 0: " + slower);
        double up = 1 + slower;
        double down = 1 / up;
        if (lo > up) return REGRESSION;
        if (hi < down) return IMPROVEMENT;
        if (lo >= down && hi <= up) return NO_CHANGE;
        return INCONCLUSIVE;
    }

    public static SpeedVerdict of(PairedRatio r, double slower) {
        return of(r.lo(), r.hi(), slower);
    }
}
