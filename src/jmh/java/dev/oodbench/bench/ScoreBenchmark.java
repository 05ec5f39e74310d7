package dev.oodbench.bench;

import dev.oodbench.detect.DetectorScorer;
import dev.oodbench.model.Classifier;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Images already in memory to OOD scores: the whole in-graph path (forward pass plus the
 * detector's ops) in one {@code Session.run}, per model, detector, batch size, device and thread count.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScoreBenchmark {
    @Param({"mnist04-convnet"}) public String model;
    @Param({"mls"}) public String detector;
    @Param({"256"}) public int batchSize;
    @Param({"cpu"}) public String device;
    @Param({"0"}) public int threads;

    private Classifier classifier;
    private DetectorScorer scorer;
    private float[] images;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = BenchFixture.load(model, device, threads);
        scorer = new DetectorScorer(classifier, BenchFixture.fitted(detector, BenchFixture.fitData(classifier, model)));
        images = BenchFixture.batch(model, batchSize);
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
