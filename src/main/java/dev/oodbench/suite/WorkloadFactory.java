package dev.oodbench.suite;

import java.nio.file.Path;

/**
 * The entry point another version of oodbench is driven through when two versions share one JVM
 * ({@code ab}): its signature uses only {@code java.base} types, so a caller holding a different
 * version's classes can call it by reflection. Keep it stable.
 */
public final class WorkloadFactory {
    public static final String CLASS_NAME = "dev.oodbench.suite.WorkloadFactory";

    private WorkloadFactory() {}

    /**
     * Opens the workload {@code spec} ({@link WorkloadSpec} text) with models from {@code modelsDir}.
     * The result is also an {@link AutoCloseable}.
     */
    public static Runnable open(String modelsDir, String spec) throws Exception {
        return Workloads.open(WorkloadSpec.parse(spec), Path.of(modelsDir));
    }
}
