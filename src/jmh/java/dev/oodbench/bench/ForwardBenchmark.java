package dev.oodbench.bench;

import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
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

/** The model alone (logits and features of a batch): the floor every detector's score path is measured against. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ForwardBenchmark {
    @Param({"mnist04-convnet"}) public String model;
    @Param({"256"}) public int batchSize;
    @Param({"cpu"}) public String device;
    @Param({"0"}) public int threads;

    private Classifier classifier;
    private float[] images;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = BenchFixture.load(model, device, threads);
        images = BenchFixture.batch(model, batchSize);
        classifier.run(images, batchSize);
    }

    @Benchmark
    public Outputs forward() {
        return classifier.run(images, batchSize);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        classifier.close();
    }
}
