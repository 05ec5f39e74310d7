package dev.oodbench.suite;

import dev.oodbench.model.Device;
import dev.oodbench.model.MatmulKernel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calibration kernel timed inside a JMH fork, between its iterations: each measurement (the median
 * of a few {@link MatmulKernel} runs, in GFLOP/s) is appended as one line to the file named by the
 * system property {@value #FILE_PROPERTY}, keyed by the benchmark and its parameters, and the suite
 * puts the median per row into {@code performance.csv} ({@code calibration_gflops}). Without the
 * property (a plain JMH run) nothing is timed.
 */
public final class Calibration implements AutoCloseable {
    public static final String FILE_PROPERTY = "oodbench.calibration.file";
    private static final int RUNS = 5;

    private final MatmulKernel kernel;
    private final Path file;
    private final String key;

    private Calibration(MatmulKernel kernel, Path file, String key) {
        this.kernel = kernel;
        this.file = file;
        this.key = key;
    }

    /** A calibration for one fork of {@code benchmark} (its class.method name) at {@code params}. */
    public static Calibration forFork(String benchmark, Map<String, String> params, String device) {
        String f = System.getProperty(FILE_PROPERTY);
        if (f == null || f.isBlank()) return new Calibration(null, null, "");
        return new Calibration(new MatmulKernel(MatmulKernel.DEFAULT_SIZE, Device.parse(device)), Path.of(f),
                key(benchmark.substring(benchmark.lastIndexOf('.') + 1), params));
    }

    /** The line key: the benchmark method, then its parameters sorted by name (as {@code JmhImport.calibrationKey}). */
    public static String key(String method, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(method);
        new TreeMap<>(params).forEach((k, v) -> sb.append(';').append(k).append('=').append(v));
        return sb.toString();
    }

    /** Times the kernel and appends the rate. */
    public void measure() {
        if (kernel == null) return;
        double[] t = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long t0 = System.nanoTime();
            kernel.run();
            t[i] = (System.nanoTime() - t0) / 1e9;
        }
        Arrays.sort(t);
        String line = key + "\t" + kernel.gflops(t[RUNS / 2]) + "\n";
        try {
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (kernel != null) kernel.close();
    }

    /** Median rate per key of a calibration file (empty when there is none). */
    public static Map<String, Double> medians(Path file) throws IOException {
        Map<String, List<Double>> all = new TreeMap<>();
        if (!Files.isRegularFile(file)) return Map.of();
        for (String l : Files.readAllLines(file)) {
            int tab = l.lastIndexOf('\t');
            if (tab <= 0) continue;
            try {
                all.computeIfAbsent(l.substring(0, tab), k -> new ArrayList<>()).add(Double.parseDouble(l.substring(tab + 1)));
            } catch (NumberFormatException ignored) {
                // a torn line from a fork that died: left out
            }
        }
        Map<String, Double> out = new TreeMap<>();
        all.forEach((k, v) -> out.put(k, AbRun.median(v)));
        return out;
    }
}
