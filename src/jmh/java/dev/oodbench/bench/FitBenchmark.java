package dev.oodbench.bench;

import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.detect.FitData;
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

/**
 * A detector's fit on the model's ID training outputs (single shot: fitting is done once in real
 * use). The outputs themselves come from the cache, so this times the detector's statistics only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class FitBenchmark {
    @Param({"mnist04-convnet"}) public String model;
    @Param({"vim"}) public String detector;
    @Param({"cpu"}) public String device;
    @Param({"0"}) public int threads;

    private FitData data;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try (Classifier c = BenchFixture.load(model, device, threads)) {
            data = BenchFixture.fitData(c, model);
        }
    }

    @Benchmark
    public Detector fit() {
        Detector d = DetectorCatalog.parseList(detector).get(0);
        d.fit(data);
        return d;
    }
}
