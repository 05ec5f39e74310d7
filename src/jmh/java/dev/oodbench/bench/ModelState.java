package dev.oodbench.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The parameters every benchmark sweeps (model, device, TensorFlow intra-op threads), declared once
 * and inherited, as in JMH's sample 24 (inheritance). The suite sets them per fork.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public abstract class ModelState {
    @Param({"mnist04-convnet"}) public String model;
    @Param({"cpu"}) public String device;
    @Param({"0"}) public int threads;
}
