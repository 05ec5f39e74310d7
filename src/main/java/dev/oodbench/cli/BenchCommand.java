package dev.oodbench.cli;

import dev.oodbench.suite.BenchConfig;
import dev.oodbench.suite.BenchMain;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the forward pass and every detector with JMH and evaluate detection quality: "
                + "the same run as `mvn verify -Pbench`, into results/runs/<run-id>/.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--models", description = "comma-separated models (default: all shipped)")
    String models;

    @Option(names = "--detectors", description = "all, cheap, or a comma-separated list (default: all)")
    String detectors;

    @Option(names = "--batches", description = "batch sizes (default: 1,8,32,128,256; with --quick: 256)")
    String batches;

    @Option(names = "--devices", description = "cpu,gpu (default: both; gpu is skipped where there is none)")
    String devices;

    @Option(names = "--threads", description = "TF intra-op thread counts, one JMH fork each (default: 0 = TF's default)")
    String threads;

    @Option(names = "--benchmarks", description = "forward,score,head,fit,pipeline (default: all of them; head is the detector ops alone)")
    String benchmarks;

    @Option(names = "--forks", description = "forks per combination, JMH and interleaved (default: 2; at least 1)")
    Integer forks;

    @Option(names = "--iterations", description = "measurement iterations (default: 3)")
    Integer iterations;

    @Option(names = "--time", description = "seconds per iteration (default: " + BenchConfig.DEFAULT_SECONDS + "; quick: " + BenchConfig.QUICK_SECONDS + ")")
    Double time;

    @Option(names = "--quick", description = "smoke run: batch 256, short iterations, detectors mls,energy,vim,mahalanobis,knn unless --detectors is given")
    boolean quick;

    @Option(names = "--no-pairing", description = "time score, head and pipeline with JMH, apart from the forward pass, instead of "
            + "interleaved with it (their overheads then have no interval)")
    boolean noPairing;

    @Option(names = "--paired-time", description = "seconds per fork that each (model, batch) group of forward, score, "
            + "head and pipeline rows is interleaved (default: 12; quick: 4)")
    Double pairedTime;

    @Option(names = "--seed", description = "seed of the random order of the combinations (default: the clock; recorded in the log)")
    Long seed;

    @Option(names = "--format", split = ",", paramLabel = "FMT",
            description = "also write bench.<FMT>.json: github-action-benchmark (customSmallerIsBetter), bencher (Bencher Metric Format)")
    List<String> formats;

    @Option(names = "--no-accuracy", description = "skip the detection-quality evaluation")
    boolean noAccuracy;

    @Option(names = "--results", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws Exception {
        // an empty value (--batches=) is a mistake, not "the default": the Maven properties alone read empty as default
        notEmpty("--models", models);
        notEmpty("--detectors", detectors);
        notEmpty("--batches", batches);
        notEmpty("--devices", devices);
        notEmpty("--threads", threads);
        notEmpty("--benchmarks", benchmarks);
        notEmpty("--results", results.toString());
        Properties p = new Properties();
        put(p, "bench.models", models);
        put(p, "bench.detectors", detectors);
        put(p, "bench.batches", batches);
        put(p, "bench.devices", devices);
        put(p, "bench.threads", threads);
        put(p, "bench.benchmarks", benchmarks);
        put(p, "bench.forks", forks);
        put(p, "bench.iterations", iterations);
        put(p, "bench.time", time);
        put(p, "bench.pairedTime", pairedTime);
        put(p, "bench.seed", seed);
        if (formats != null) p.setProperty("bench.formats", String.join(",", formats));
        if (noPairing) p.setProperty("bench.pairing", "false");
        if (quick) p.setProperty("bench.quick", "true");
        if (noAccuracy) p.setProperty("bench.accuracy", "false");
        p.setProperty("bench.results", results.toString());
        return BenchMain.run(BenchConfig.from(p), System.out);
    }

    static void notEmpty(String option, String value) {
        if (value != null && value.isBlank()) {
            throw new IllegalArgumentException(option + " is empty; give a value or leave the option out for the default");
        }
    }

    private static void put(Properties p, String key, Object value) {
        if (value != null) p.setProperty(key, value.toString());
    }
}
