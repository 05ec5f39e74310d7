package dev.oodbench.metrics;

/** Input validation shared by every metric: non-empty, finite scores. */
final class ScoreChecks {
    private ScoreChecks() {}

    static void check(String what, double[] scores) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException(what + ": empty; metrics need at least one ID and one OOD score");
        }
        int bad = 0;
        int first = -1;
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (bad > 0) {
            throw new IllegalArgumentException(what + ": " + bad + " NaN or infinite values (first at index " + first
                    + "); the detector produced invalid scores");
        }
    }
}
