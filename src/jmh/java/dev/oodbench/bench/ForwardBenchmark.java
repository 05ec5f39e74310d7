package dev.oodbench.bench;

import dev.oodbench.suite.Workloads;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** The model alone (logits and features of a batch): the floor every detector's score path is measured against. */
public class ForwardBenchmark extends BatchState {

    private Classifier classifier;
    private float[] images;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = Workloads.load(model, device, threads);
        images = Workloads.batch(model, batchSize);
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
