package dev.oodbench.bench;

import dev.oodbench.suite.RawBatchFiles;
import dev.oodbench.suite.Workloads;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.DetectorScorer;
import dev.oodbench.model.Classifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * End to end: raw dataset bytes (a batch in the official file format, in the page cache) decoded
 * and normalised by the suite's loader, then scored. Against {@code score} it shows what decoding
 * costs.
 */
public class PipelineBenchmark extends BatchState {
    @Param({"mls"}) public String detector;

    private Classifier classifier;
    private DetectorScorer scorer;
    private Path dir;
    private List<Path> files;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        classifier = Workloads.load(model, device, threads);
        scorer = new DetectorScorer(classifier, Workloads.fitted(detector, Workloads.fitData(classifier, model)));
        dir = Files.createTempDirectory("oodbench-pipeline");
        files = RawBatchFiles.write(Workloads.batchSet(model, batchSize), dir);
        pipeline();
    }

    @Benchmark
    public float[] pipeline() throws Exception {
        ImageSet set = RawBatchFiles.read(files);
        return scorer.score(set.pixels(), set.size());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        classifier.close();
        for (Path f : files) Files.deleteIfExists(f);
        Files.deleteIfExists(dir);
    }
}
