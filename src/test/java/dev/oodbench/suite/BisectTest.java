package dev.oodbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.report.Compare;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The search and the step verdicts; the ab runs themselves are measured by hand (docs/change-points.md). */
class BisectTest {
    static Compare.Row row(String verdict) {
        return new Compare.Row("speed", "time", Map.of("benchmark", "forward", "model", "m", "detector", "", "batch_size", "8",
                "device", "cpu", "threads", "0"), 1, 1.1, 1.1, 1.08, 1.12, verdict, "");
    }

    static List<String> commits(int n) {
        List<String> c = new ArrayList<>();
        for (int i = 0; i < n; i++) c.add(String.format("%040x", i + 1));
        return c;
    }

    /** A search where commits from {@code firstBad} on are bad and {@code unsure} is inconclusive. */
    static Bisect.Outcome search(int n, int firstBad, int unsure, List<String> judged) throws Exception {
        List<String> c = commits(n);
        List<Bisect.Step> steps = new ArrayList<>();
        return Bisect.search(c, commit -> {
            judged.add(commit);
            int i = c.indexOf(commit);
            String v = i == unsure ? Compare.INCONCLUSIVE : i >= firstBad ? Compare.REGRESSION : Compare.NO_CHANGE;
            List<Compare.Row> rows = List.of(row(v), row(Compare.NO_CHANGE));
            Bisect.Step s = new Bisect.Step(steps.size() + 1, commit, "", Bisect.verdict(rows, Map.of()), rows, 60, null, 1);
            steps.add(s);
            return s;
        }, steps, x -> "");
    }

    @Test
    void namesTheFirstBadCommitInLog2Steps() throws Exception {
        for (int n : new int[] {1, 2, 3, 8, 9, 33}) {
            for (int bad = 0; bad < n; bad++) {
                List<String> judged = new ArrayList<>();
                Bisect.Outcome o = search(n, bad, -1, judged);
                assertEquals(commits(n).get(bad), o.firstBad(), n + " commits, bad from " + bad);
                assertTrue(judged.size() <= Bisect.steps(n), judged.size() + " steps for " + n + " commits");
            }
        }
        assertEquals(3, Bisect.steps(8));
        assertEquals(4, Bisect.steps(9));
        assertEquals(0, Bisect.steps(1));
    }

    @Test
    void anInconclusiveStepEndsWithTheOpenRangeInsteadOfAGuess() throws Exception {
        // 8 commits, bad from index 5; the first midpoint (3) cannot be decided
        Bisect.Outcome o = search(8, 5, 3, new ArrayList<>());
        assertFalse(o.named());
        assertNull(o.firstBad());
        assertEquals(commits(8), o.suspects());
        assertTrue(o.conclusion().contains("inconclusive"), o.conclusion());
        // decided first steps narrow the range before the unsure one: 8 commits, bad from 6, unsure at 5
        Bisect.Outcome later = search(8, 6, 5, new ArrayList<>());
        assertEquals(commits(8).subList(4, 8), later.suspects());
    }

    @Test
    void aStepIsBadWhenAnyRowRegressedAndGoodOnlyWhenAllAreDecided() {
        assertEquals(Bisect.BAD, Bisect.verdict(List.of(row(Compare.NO_CHANGE), row(Compare.REGRESSION)), Map.of()));
        assertEquals(Bisect.BAD, Bisect.verdict(List.of(row(Compare.INCONCLUSIVE), row(Compare.REGRESSION)), Map.of()));
        assertEquals(Bisect.GOOD, Bisect.verdict(List.of(row(Compare.NO_CHANGE), row(Compare.IMPROVEMENT)), Map.of()));
        assertEquals(Bisect.INCONCLUSIVE, Bisect.verdict(List.of(row(Compare.NO_CHANGE), row(Compare.INCONCLUSIVE)), Map.of()));
        assertEquals(Bisect.FAILED, Bisect.verdict(List.of(row(Compare.REGRESSION), row(Compare.FAILED)), Map.of()));
    }

    static Compare.Row ratio(double lo, double hi) {
        return new Compare.Row("speed", "time", row("").key(), 1, 1, Math.sqrt(lo * hi), lo, hi, Compare.INCONCLUSIVE, "");
    }

    @Test
    void afterTheFirstStepACommitIsJudgedByWhichSideOfTheMiddleItsIntervalLies() {
        // the first step measured x1.128: the cut is x1.062
        Map<String, Double> cuts = Map.of(row("").keyText(), Math.sqrt(1.128));
        assertEquals(Bisect.GOOD, Bisect.verdict(List.of(ratio(0.923, 1.049)), cuts)); // inconclusive by the 5% band
        assertEquals(Bisect.BAD, Bisect.verdict(List.of(ratio(1.07, 1.19)), cuts));
        assertEquals(Bisect.INCONCLUSIVE, Bisect.verdict(List.of(ratio(1.0, 1.1)), cuts));
    }
}
