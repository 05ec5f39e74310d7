package dev.oodbench.bench;

import dev.oodbench.suite.Workloads;
import dev.oodbench.detect.DetectorScorer;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The detector's own ops alone: logits and features already computed (fed in place of the
 * graph's output tensors, so the forward pass is pruned away) to scores, in one
 * {@code Session.run}. Its time over the forward pass's is the detector's overhead measured
 * directly, not as the small difference of two large, noisy timings. Opt-in
 * ({@code -Dbench.benchmarks=forward,head}); input-perturbation detectors (ODIN) and detectors that
 * read the stage maps (ASH/SCALE on the map, RankFeat, MDS-ensemble, Gram: their ops start from the
 * maps, most of the forward pass) are left out ({@code Detector.scoresFromOutputs()}); asked for one,
 * {@code scoreOutputs} fails with a message that says so.
 */
public class HeadBenchmark extends BatchState {
    @Param({"mls"}) public String detector;

    private Classifier classifier;
    private DetectorScorer scorer;
    private Outputs outputs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = Workloads.load(model, device, threads);
        scorer = new DetectorScorer(classifier, Workloads.fitted(detector, Workloads.fitData(classifier, model)));
        outputs = classifier.run(Workloads.batch(model, batchSize), batchSize);
        scorer.scoreOutputs(outputs); // build and check once before timing
    }

    @Benchmark
    public float[] head() {
        return scorer.scoreOutputs(outputs);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        classifier.close();
    }
}
