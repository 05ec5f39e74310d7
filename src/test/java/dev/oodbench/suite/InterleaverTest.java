package dev.oodbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The interleaving schedule, on workloads that busy-wait known times and log the order they ran in. */
class InterleaverTest {
    private static Runnable spin(int index, double ms, List<Integer> log) {
        return () -> {
            log.add(index);
            long end = System.nanoTime() + (long) (ms * 1e6);
            while (System.nanoTime() < end) Thread.onSpinWait();
        };
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    @Test
    void aBracketingReferenceRunsAroundEveryRoundAndBetweenTheOthers() {
        List<Integer> log = new ArrayList<>();
        List<Runnable> w = new ArrayList<>();
        w.add(spin(0, 2, log)); // the reference
        for (int i = 1; i <= 12; i++) w.add(spin(i, i == 1 ? 4 : 1, log)); // workload 1 takes twice the reference
        Interleaver.Timings t = new Interleaver(0.4, 0.001, 0, new Random(3)).run(w, true);
        int rounds = t.seconds()[0].length;
        assertTrue(rounds >= Interleaver.MIN_ROUNDS);
        // after the warm-up (each workload once, in order), a round is: reference, others with the reference
        // between them, reference; the next round starts with the reference again
        List<Integer> timed = log.subList(w.size(), log.size());
        List<List<Integer>> byRound = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int k = 0; k < timed.size(); k++) {
            current.add(timed.get(k));
            boolean endOfRound = timed.get(k) == 0 && current.size() > 1
                    && current.stream().filter(x -> x != 0).count() == w.size() - 1;
            if (endOfRound) {
                byRound.add(current);
                current = new ArrayList<>();
            }
        }
        assertEquals(rounds, byRound.size());
        assertTrue(current.isEmpty());
        int[] referenceSlots = new int[rounds];
        for (int r = 0; r < rounds; r++) {
            List<Integer> round = byRound.get(r);
            assertEquals(0, round.get(0));
            assertEquals(0, round.get(round.size() - 1));
            for (int i = 1; i < w.size(); i++) {
                int idx = i;
                assertEquals(1, round.stream().filter(x -> x == idx).count(), "workload " + i + " once a round");
            }
            referenceSlots[r] = (int) round.stream().filter(x -> x == 0).count();
        }
        // 12 ms of others against a 2 ms reference run again after 4 ms of others: about 3 more in between
        assertTrue(median(Arrays.stream(referenceSlots).asDoubleStream().toArray()) >= 4, Arrays.toString(referenceSlots));
        // each ratio to the reference around it: workload 1 takes twice the reference, the others half
        double[] twice = new double[rounds];
        double[] half = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            twice[r] = t.seconds()[1][r] / t.reference()[1][r];
            half[r] = t.seconds()[5][r] / t.reference()[5][r];
            assertEquals(t.seconds()[0][r], t.reference()[0][r]);
        }
        assertEquals(2, median(twice), 0.2);
        assertEquals(0.5, median(half), 0.05);
    }

    @Test
    void withoutBracketingEveryWorkloadRunsOnceARound() {
        List<Integer> log = new ArrayList<>();
        List<Runnable> w = List.of(spin(0, 1, log), spin(1, 1, log), spin(2, 1, log));
        Interleaver.Timings t = new Interleaver(0.05, 0.001, 0, new Random(1)).run(w, false);
        assertNull(t.reference());
        int rounds = t.seconds()[0].length;
        assertEquals(3 + 3 * rounds, log.size()); // the warm-up, then each once per round
    }
}
