package dev.oodbench.bench;

import dev.oodbench.suite.Workloads;
import dev.oodbench.detect.DetectorScorer;
import dev.oodbench.model.Classifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Images already in memory to OOD scores: the whole in-graph path (forward pass plus the
 * detector's ops) in one {@code Session.run}, per model, detector, batch size, device and thread count.
 */
public class ScoreBenchmark extends BatchState {
    @Param({"mls"}) public String detector;

    private Classifier classifier;
    private DetectorScorer scorer;
    private float[] images;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = Workloads.load(model, device, threads);
        scorer = new DetectorScorer(classifier, Workloads.fitted(detector, Workloads.fitData(classifier, model)));
        images = Workloads.batch(model, batchSize);
        scorer.score(images, batchSize); // build and check once before timing
    }

    @Benchmark
    public float[] score() {
        return scorer.score(images, batchSize);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        classifier.close();
    }
}
