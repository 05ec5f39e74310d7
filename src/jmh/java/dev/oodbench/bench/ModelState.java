package dev.oodbench.bench;

import dev.oodbench.suite.Calibration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The parameters every benchmark sweeps (model, device, TensorFlow intra-op threads), declared once
 * and inherited, as in JMH's sample 24 (inheritance). Before every iteration it also times the
 * calibration kernel on the same device ({@link Calibration}), so each row carries the machine's
 * speed at the moment it was measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public abstract class ModelState {
    @Param({"mnist04-convnet"}) public String model;
    @Param({"cpu"}) public String device;
    @Param({"0"}) public int threads;

    private Calibration calibration;

    @Setup(Level.Trial)
    public void openCalibration(BenchmarkParams params) {
        calibration = Calibration.forFork(params.getBenchmark(), params.getParamsKeys().stream()
                .collect(Collectors.toMap(k -> k, params::getParam)), device);
    }

    @Setup(Level.Iteration)
    public void calibrate() {
        calibration.measure();
    }

    @TearDown(Level.Trial)
    public void closeCalibration() throws Exception {
        calibration.close();
    }
}
