package dev.oodbench.bench;

import org.openjdk.jmh.annotations.Param;

/** {@link ModelState} plus the batch size, for the benchmarks timed per batch. */
public abstract class BatchState extends ModelState {
    @Param({"256"}) public int batchSize;
}
