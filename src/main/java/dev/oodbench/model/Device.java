package dev.oodbench.model;

import java.util.Locale;

/** Where a model runs. {@code CPU} pins the session to the CPU even when a GPU is present. */
public enum Device {
    CPU, GPU;

    public static Device parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "cpu" -> CPU;
            case "gpu" -> GPU;
            default -> throw new IllegalArgumentException("unknown device '" + s + "'; use cpu or gpu");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
