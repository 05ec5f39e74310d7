package dev.oodbench.suite;

import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.model.Device;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.report.BenchmarkFormats;
import dev.oodbench.results.Benchmark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * What a benchmark run sweeps and how long it measures, from {@code bench.*} properties (Maven
 * {@code -D} flags) or the {@code bench} command's options. {@code bench.quick} is a smoke run:
 * one batch size, short iterations. Every value is checked here, before a run folder exists.
 */
public record BenchConfig(List<String> models, List<String> detectors, List<Integer> batches, List<String> devices,
                          List<Integer> threads, List<Benchmark> benchmarks, int forks, int warmupIterations,
                          double warmupSeconds, int iterations, double iterationSeconds, boolean accuracy,
                          Path resultsDir, boolean quick, double pairedSeconds, long seed, boolean pairing,
                          List<String> formats) {

    /** Forks per combination unless told otherwise: two, so that a fork's luck (JIT, heap, placement) shows as noise. */
    public static final int DEFAULT_FORKS = 2;

    public static final List<Integer> DEFAULT_BATCHES = List.of(1, 8, 32, 128, 256);
    public static final List<Integer> QUICK_BATCHES = List.of(256);
    /** A quick run's default detectors: one of each kind (logit, subspace, class-conditional, nearest neighbour). */
    public static final String QUICK_DETECTORS = "mls,energy,vim,mahalanobis,knn";

    /** Reads {@code bench.*} keys; anything absent takes its default. */
    public static BenchConfig from(Properties p) {
        boolean quick = p.containsKey("bench.quick") && !"false".equals(p.getProperty("bench.quick"));
        List<String> models = list(p, "bench.models", String.join(",", ModelCatalog.names()));
        models.forEach(ModelCatalog::entry);
        List<String> items = list(p, "bench.detectors", quick ? QUICK_DETECTORS : "all");
        DetectorCatalog.parseList(String.join(",", items)); // unknown names and bad parameters fail here, before any fork
        // each item stays a spec (e.g. knn:bank_fraction=0.25) so parameter sweeps reach the forks
        List<String> detectors = new ArrayList<>();
        for (String item : items) {
            if (item.equals("all")) detectors.addAll(DetectorCatalog.names());
            else if (item.equals("cheap")) detectors.addAll(DetectorCatalog.cheapNames());
            else detectors.add(item);
        }
        detectors = detectors.stream().distinct().toList();
        List<Integer> batches = list(p, "bench.batches", join(quick ? QUICK_BATCHES : DEFAULT_BATCHES)).stream()
                .map(s -> positive("bench.batches", s)).toList();
        List<String> devices = list(p, "bench.devices", "cpu,gpu");
        devices.forEach(Device::parse);
        List<Integer> threads = list(p, "bench.threads", "0").stream().map(s -> atLeast("bench.threads", s, 0)).toList();
        List<Benchmark> benchmarks = list(p, "bench.benchmarks", Benchmark.ids(Benchmark.DEFAULTS)).stream()
                .map(Benchmark::of).distinct().toList();
        int forks = integer(p, "bench.forks", DEFAULT_FORKS, 1);
        int iterations = integer(p, "bench.iterations", 3, 1);
        double paired = dbl(p, "bench.pairedTime", quick ? 4 : 12);
        return new BenchConfig(models, detectors, batches, devices, threads, benchmarks, forks,
                integer(p, "bench.warmup", 1, 0), dbl(p, "bench.warmupTime", quick ? 0.3 : 0.5),
                iterations, dbl(p, "bench.time", quick ? 0.2 : 0.4),
                !"false".equals(p.getProperty("bench.accuracy", "true")),
                Path.of(p.getProperty("bench.results", "results")), quick, paired,
                Long.parseLong(p.getProperty("bench.seed", String.valueOf(System.nanoTime()))),
                !"false".equals(p.getProperty("bench.pairing", "true")), formats(p));
    }

    private static List<String> formats(Properties p) {
        List<String> f = list(p, "bench.formats", "");
        f.forEach(name -> BenchmarkFormats.render(name, List.of())); // unknown names fail before the run
        return f;
    }

    private static List<String> list(Properties p, String key, String def) {
        String v = p.getProperty(key, def);
        if (v.isBlank()) v = def;
        return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static String join(List<Integer> xs) {
        return String.join(",", xs.stream().map(String::valueOf).toList());
    }

    private static int positive(String key, String s) {
        return atLeast(key, s, 1);
    }

    /** A whole number of at least {@code min}; anything else fails naming the option (bench.x is --x). */
    private static int atLeast(String key, String s, int min) {
        try {
            int v = Integer.parseInt(s.trim());
            if (v >= min) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " (--" + key.substring("bench.".length()) + "): '" + s + "' is not "
                + (min == 1 ? "a positive integer" : "an integer of at least " + min));
    }

    private static int integer(Properties p, String key, int def, int min) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? def : atLeast(key, v, min);
    }

    private static double dbl(Properties p, String key, double def) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) return def;
        try {
            double d = Double.parseDouble(v.trim());
            if (d > 0 && Double.isFinite(d)) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " (--" + key.substring("bench.".length()) + "): '" + v
                + "' is not a number of seconds above zero");
    }
}
