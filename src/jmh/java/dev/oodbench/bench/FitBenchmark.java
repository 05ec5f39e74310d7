package dev.oodbench.bench;

import dev.oodbench.suite.Workloads;
import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.detect.FitData;
import dev.oodbench.model.Classifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * A detector's fit on the model's ID training outputs (single shot: fitting is done once in real
 * use). The outputs themselves come from the cache, so this times the detector's statistics only.
 */
@BenchmarkMode(Mode.SingleShotTime)
public class FitBenchmark extends ModelState {
    @Param({"vim"}) public String detector;

    private FitData data;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try (Classifier c = Workloads.load(model, device, threads)) {
            data = Workloads.fitData(c, model);
        }
    }

    @Benchmark
    public Detector fit() {
        Detector d = DetectorCatalog.parseList(detector).get(0);
        d.fit(data);
        return d;
    }
}
