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
import java.util.Locale;
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

    /** Seconds per measurement iteration, in a default and in a quick run. */
    public static final double DEFAULT_SECONDS = 0.4;
    public static final double QUICK_SECONDS = 0.2;

    /** The largest batch a run times: a batch of the CIFAR-10 model's images above it needs more memory than the JVM is given. */
    public static final int MAX_BATCH = 4096;
    /** Forks and iterations a run can take at most (each fork is a JVM start and a model load). */
    public static final int MAX_FORKS = 50;
    public static final int MAX_ITERATIONS = 1000;
    /** The longest a warm-up, measurement iteration or paired interval may last, in seconds. */
    public static final double MAX_SECONDS = 3600;

    /** The most TensorFlow intra-op threads a fork may be given: 4 per core of this machine (above it a fork cannot start). */
    public static int maxThreads() {
        return 4 * Runtime.getRuntime().availableProcessors();
    }

    /** Reads {@code bench.*} keys; anything absent takes its default. */
    public static BenchConfig from(Properties p) {
        boolean quick = p.containsKey("bench.quick") && !"false".equals(p.getProperty("bench.quick"));
        List<String> models = unique("bench.models", list(p, "bench.models", String.join(",", ModelCatalog.names())));
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
        List<Integer> batches = unique("bench.batches", list(p, "bench.batches", join(quick ? QUICK_BATCHES : DEFAULT_BATCHES))
                .stream().map(s -> within("bench.batches", s, 1, MAX_BATCH, "a larger batch needs more memory than the "
                        + "JVM is given")).toList());
        List<String> devices = unique("bench.devices", list(p, "bench.devices", "cpu,gpu"));
        devices.forEach(Device::parse);
        List<Integer> threads = unique("bench.threads", list(p, "bench.threads", "0").stream()
                .map(s -> within("bench.threads", s, 0, maxThreads(), "4 per core of this machine's "
                        + Runtime.getRuntime().availableProcessors() + "; 0 is TensorFlow's default")).toList());
        List<Benchmark> benchmarks = list(p, "bench.benchmarks", Benchmark.ids(Benchmark.DEFAULTS)).stream()
                .map(Benchmark::of).distinct().toList();
        int forks = integer(p, "bench.forks", DEFAULT_FORKS, 1, MAX_FORKS);
        int iterations = integer(p, "bench.iterations", 3, 1, MAX_ITERATIONS);
        double paired = dbl(p, "bench.pairedTime", quick ? 4 : 12);
        return new BenchConfig(models, detectors, batches, devices, threads, benchmarks, forks,
                integer(p, "bench.warmup", 1, 0, MAX_ITERATIONS), dbl(p, "bench.warmupTime", quick ? 0.3 : 0.5),
                iterations, dbl(p, "bench.time", quick ? QUICK_SECONDS : DEFAULT_SECONDS),
                !"false".equals(p.getProperty("bench.accuracy", "true")),
                Path.of(p.getProperty("bench.results", "results")), quick, paired,
                seed(p),
                !"false".equals(p.getProperty("bench.pairing", "true")), formats(p));
    }

    /** Every {@code bench.*} key {@link #from} reads; the pom's bench profile passes each of them on. */
    public static final List<String> KEYS = List.of("bench.quick", "bench.models", "bench.detectors", "bench.batches",
            "bench.devices", "bench.threads", "bench.benchmarks", "bench.forks", "bench.iterations", "bench.pairedTime",
            "bench.warmup", "bench.warmupTime", "bench.time", "bench.accuracy", "bench.results", "bench.seed",
            "bench.pairing", "bench.formats");

    /** {@code bench.seed}, or the clock when absent or empty (the pom passes it empty unless given). */
    private static long seed(Properties p) {
        String v = p.getProperty("bench.seed", "");
        if (v.isBlank()) return System.nanoTime();
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option("bench.seed") + ": '" + v + "' is not a whole number");
        }
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

    /** {@code key} and the {@code bench} command's option for it: bench.pairedTime (--paired-time). */
    static String option(String key) {
        return key + " (--" + key.substring("bench.".length()).replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT) + ")";
    }

    /** A whole number from {@code min} to {@code max}; anything else fails naming the option and the range ({@code why}: the bound). */
    private static int within(String key, String s, int min, int max, String why) {
        int v;
        try {
            v = Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option(key) + ": '" + s + "' is not a whole number; give one from " + min
                    + " to " + max);
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(option(key) + ": '" + v + "' is outside " + min + ".." + max
                    + (why == null ? "" : " (" + why + ")") + "; give one in that range");
        }
        return v;
    }

    private static int integer(Properties p, String key, int def, int min, int max) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? def : within(key, v, min, max, null);
    }

    /** {@code xs} unless a value repeats (it would be timed twice and give duplicate rows). */
    private static <T> List<T> unique(String key, List<T> xs) {
        for (int i = 0; i < xs.size(); i++) {
            if (xs.indexOf(xs.get(i)) != i) {
                throw new IllegalArgumentException(option(key) + " names " + xs.get(i) + " twice; list each once");
            }
        }
        return xs;
    }

    private static double dbl(Properties p, String key, double def) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) return def;
        try {
            double d = Double.parseDouble(v.trim());
            if (d > 0 && d <= MAX_SECONDS) return d;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option(key) + ": '" + v + "' is not a number of seconds above 0 and at most "
                + (int) MAX_SECONDS);
    }
}
