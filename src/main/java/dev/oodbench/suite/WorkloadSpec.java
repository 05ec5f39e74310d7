package dev.oodbench.suite;

import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.model.Device;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.results.Benchmark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One timed thing as text that survives a process or class-loader boundary:
 * {@code benchmark=score;model=cifar10-resnet20;detector=knn:k=10;batch=256;device=cpu;threads=0}.
 * {@code benchmark} is a {@link Benchmark} id or {@code calibration} (the matmul kernel).
 */
public record WorkloadSpec(String benchmark, String model, String detector, int batch, String device, int threads) {
    public static final String CALIBRATION = "calibration";

    public WorkloadSpec {
        if (!benchmark.equals(CALIBRATION)) Benchmark.of(benchmark);
        detector = detector == null ? "" : detector;
        model = model == null ? "" : model;
        if (batch < 0 || threads < 0) throw new IllegalArgumentException("batch and threads must be >= 0: " + batch + ", " + threads);
    }

    public static WorkloadSpec calibration(String device) {
        return new WorkloadSpec(CALIBRATION, "", "", 0, device, 0);
    }

    public static WorkloadSpec parse(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : s.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("workload '" + s + "': '" + part + "' is not key=value");
            m.put(part.substring(0, eq).trim(), part.substring(eq + 1).trim());
        }
        if (!m.containsKey("benchmark")) throw new IllegalArgumentException("workload '" + s + "' names no benchmark");
        return new WorkloadSpec(m.get("benchmark"), m.get("model"), m.get("detector"), integer(s, m.getOrDefault("batch", "0")),
                m.getOrDefault("device", "cpu"), integer(s, m.getOrDefault("threads", "0")));
    }

    /** The keys a row may have. */
    public static final List<String> KEYS = List.of("benchmark", "model", "detector", "batch", "device",
            "threads");

    /**
     * A row a user asked to time ({@code ab --rows}), checked before any build or fork: only known keys, a
     * catalog model, a detector where the benchmark needs one (and a known one), a batch size from 1 to
     * {@link BenchConfig#MAX_BATCH} where the benchmark is batched, a known device.
     */
    public static WorkloadSpec parseRow(String s) {
        for (String part : s.split(";")) {
            String key = part.contains("=") ? part.substring(0, part.indexOf('=')).trim() : part.trim();
            if (!key.isEmpty() && !KEYS.contains(key)) {
                throw new IllegalArgumentException("--rows '" + s + "': unknown key '" + key + "'; the keys are "
                        + String.join(", ", KEYS));
            }
        }
        WorkloadSpec w = parse(s);
        if (w.benchmark().equals(CALIBRATION)) return w;
        Benchmark b = Benchmark.of(w.benchmark());
        if (w.model().isEmpty()) throw new IllegalArgumentException("--rows '" + s + "' names no model; add e.g. model=mnist04-convnet");
        ModelCatalog.entry(w.model());
        boolean needsDetector = b.detectors() != Benchmark.Detectors.NONE;
        if (needsDetector && w.detector().isEmpty()) {
            throw new IllegalArgumentException("--rows '" + s + "': benchmark " + b.id() + " times a detector; add e.g. detector=mls");
        }
        if (needsDetector) DetectorCatalog.parseList(w.detector());
        if (b.batched() && (w.batch() < 1 || w.batch() > BenchConfig.MAX_BATCH)) {
            throw new IllegalArgumentException("--rows '" + s + "': batch=" + w.batch() + " is outside 1.." + BenchConfig.MAX_BATCH
                    + "; give e.g. batch=256");
        }
        Device.parse(w.device());
        return w;
    }

    private static int integer(String spec, String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("workload '" + spec + "': '" + v + "' is not an integer");
        }
    }

    @Override
    public String toString() {
        return "benchmark=" + benchmark + ";model=" + model + ";detector=" + detector + ";batch=" + batch + ";device="
                + device + ";threads=" + threads;
    }

    /** Short text for tables: {@code score cifar10-resnet20 knn b=256}. */
    public String label() {
        if (benchmark.equals(CALIBRATION)) return CALIBRATION;
        StringBuilder sb = new StringBuilder(benchmark).append(' ').append(model);
        if (!detector.isEmpty()) sb.append(' ').append(detector);
        if (batch > 0) sb.append(" b=").append(batch);
        if (!device.equals("cpu")) sb.append(' ').append(device);
        if (threads != 0) sb.append(" t=").append(threads);
        return sb.toString();
    }
}
