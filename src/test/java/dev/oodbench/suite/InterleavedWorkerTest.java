package dev.oodbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.model.ModelCatalog;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;

/** The worker on the shipped MNIST model: every variant timed every round; a broken group is reported, not fatal. */
class InterleavedWorkerTest {
    @TempDir
    Path dir;

    @Test
    @EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+") // the batch is real MNIST test images
    void timesEveryVariantOfAGroupInEveryRoundAndReportsABrokenGroup() throws Exception {
        String models = ModelCatalog.root().toAbsolutePath().toString();
        InterleavedJob.Version self = new InterleavedJob.Version("self", null, models);
        String forward = "benchmark=forward;model=mnist04-convnet;batch=4";
        String head = "benchmark=head;model=mnist04-convnet;detector=mls;batch=4";
        String score = "benchmark=score;model=mnist04-convnet;detector=energy;batch=4";
        String pipeline = "benchmark=pipeline;model=mnist04-convnet;detector=mls;batch=4";
        String fitVim = "benchmark=fit;model=mnist04-convnet;detector=vim";
        String fitKnn = "benchmark=fit;model=mnist04-convnet;detector=knn:bank_fraction=0.1";
        InterleavedJob job = new InterleavedJob(7, 0.002, 0.05, List.of(self), List.of(
                new InterleavedJob.Group("good", 0.3, List.of(new InterleavedJob.Variant("self", forward),
                        new InterleavedJob.Variant("self", WorkloadSpec.calibration("cpu").toString()),
                        new InterleavedJob.Variant("self", score), new InterleavedJob.Variant("self", head),
                        new InterleavedJob.Variant("self", pipeline))),
                new InterleavedJob.Group("fits", 0.3, List.of(new InterleavedJob.Variant("self", WorkloadSpec.calibration("cpu").toString()),
                        new InterleavedJob.Variant("self", fitVim), new InterleavedJob.Variant("self", fitKnn))),
                new InterleavedJob.Group("bracketed", 0.3, List.of(new InterleavedJob.Variant("self", forward),
                        new InterleavedJob.Variant("self", score), new InterleavedJob.Variant("self", head)), true),
                new InterleavedJob.Group("bad", 0.3, List.of(new InterleavedJob.Variant("self",
                        "benchmark=forward;model=no-such-model;batch=4")))));
        Path out = dir.resolve("r.jsonl");
        InterleavedWorker.run(job, out);
        Map<String, InterleavedJob.GroupResult> got = InterleavedJob.readResults(out).stream()
                .collect(Collectors.toMap(InterleavedJob.GroupResult::id, r -> r));
        assertEquals(4, got.size());
        InterleavedJob.GroupResult good = got.get("good");
        assertNull(good.error());
        assertNull(good.reference());
        // a bracketed group comes back with each slot's forward time around it, through the result line
        InterleavedJob.GroupResult bracketed = got.get("bracketed");
        assertNull(bracketed.error());
        assertEquals(3, bracketed.reference().length);
        for (int i = 0; i < 3; i++) {
            assertEquals(bracketed.seconds()[i].length, bracketed.reference()[i].length);
            for (double t : bracketed.reference()[i]) assertTrue(t > 0 && Double.isFinite(t));
        }
        double[] scoreOverForward = new double[bracketed.seconds()[1].length];
        for (int r = 0; r < scoreOverForward.length; r++) {
            scoreOverForward[r] = bracketed.seconds()[1][r] / bracketed.reference()[1][r];
        }
        assertTrue(AbRun.median(box(scoreOverForward)) > 0.5, "score / forward around it");
        assertEquals(5, good.seconds().length);
        int rounds = good.seconds()[0].length;
        assertTrue(rounds >= Interleaver.MIN_ROUNDS, "rounds: " + rounds);
        for (double[] v : good.seconds()) {
            assertEquals(rounds, v.length);
            for (double t : v) assertTrue(t > 0 && Double.isFinite(t));
        }
        // the score path contains the forward pass: per round it is not faster by a wide margin
        assertTrue(AbRun.median(box(good.seconds()[2])) > 0.5 * AbRun.median(box(good.seconds()[0])));
        // so does the pipeline from raw file bytes
        assertTrue(AbRun.median(box(good.seconds()[4])) > 0.5 * AbRun.median(box(good.seconds()[0])));
        InterleavedJob.GroupResult fits = got.get("fits");
        assertNull(fits.error());
        assertEquals(3, fits.seconds().length);
        for (double[] v : fits.seconds()) {
            assertTrue(v.length >= Interleaver.MIN_ROUNDS);
            for (double t : v) assertTrue(t > 0 && Double.isFinite(t));
        }
        // ViM's fit (an eigendecomposition of the feature covariance over every training image) outlasts
        // copying a tenth of the features into KNN's bank
        assertTrue(AbRun.median(box(fits.seconds()[1])) > AbRun.median(box(fits.seconds()[2])));
        assertTrue(got.get("bad").error().contains("no-such-model"), got.get("bad").error());
    }

    @Test
    void workloadSpecsSurviveTheirTextForm() {
        WorkloadSpec w = WorkloadSpec.parse("benchmark=score;model=cifar10-resnet20;detector=react:percentile=95:score=mls;batch=8");
        assertEquals("react:percentile=95:score=mls", w.detector());
        assertEquals(w, WorkloadSpec.parse(w.toString()));
        assertEquals("score cifar10-resnet20 react:percentile=95:score=mls b=8", w.label());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> WorkloadSpec.parse("benchmark=speed;model=x")).getMessage().contains("speed"));
    }

    private static List<Double> box(double[] a) {
        return java.util.Arrays.stream(a).boxed().toList();
    }
}
