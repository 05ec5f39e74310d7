package dev.oodbench.suite;

import java.nio.file.Path;
import java.util.List;

/**
 * The entry point another version of oodbench is driven through when two versions share one JVM
 * ({@code ab}): its signature uses only {@code java.base} types, so a caller holding a different
 * version's classes can call it by reflection. Keep it stable.
 */
public final class WorkloadFactory {
    public static final String CLASS_NAME = "dev.oodbench.suite.WorkloadFactory";

    private WorkloadFactory() {}

    /**
     * Opens the workloads {@code specs} ({@link WorkloadSpec} text) with models from {@code modelsDir}.
     * The result is also a {@code Supplier<List<Runnable>>} of the timed operations, in order.
     */
    public static AutoCloseable open(String modelsDir, List<String> specs) throws Exception {
        return Workloads.open(specs.stream().map(WorkloadSpec::parse).toList(), Path.of(modelsDir));
    }

    /**
     * Evaluates {@code detectors} ({@code eval --detectors} text) of catalog model {@code model} from
     * {@code modelsDir} on the first {@code images} images of each set of its benchmark (0: all) and
     * writes {@code accuracy.csv} and the per-sample scores into {@code outDir} ({@code ab}'s quality rows).
     */
    public static void evaluate(String modelsDir, String model, String detectors, int images, String outDir) throws Exception {
        AbQuality.evaluate(Path.of(modelsDir), model, detectors, images, Path.of(outDir));
    }
}
