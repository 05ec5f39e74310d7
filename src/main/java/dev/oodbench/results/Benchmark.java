package dev.oodbench.results;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every timed benchmark of the suite, by the name its rows carry in {@code performance.csv} (which is
 * also its {@code @Benchmark} method name, so that JMH's results join the rows asked for). One place
 * says what each one sweeps; the JMH classes live in {@code src/jmh} and are named here by class name
 * only, so nothing in the main code depends on them ({@code BenchmarkNamesTest} checks the names).
 */
public enum Benchmark {
    /** Images in memory to logits and features: the floor every detector is measured against. */
    FORWARD("dev.oodbench.bench.ForwardBenchmark", true, Detectors.NONE, false),
    /** Images in memory to scores: forward pass plus the detector's ops in one {@code Session.run}. */
    SCORE("dev.oodbench.bench.ScoreBenchmark", true, Detectors.ALL, true),
    /** Logits and features already computed to scores: the detector's ops alone. */
    HEAD("dev.oodbench.bench.HeadBenchmark", true, Detectors.FROM_OUTPUTS, true),
    /** A detector's fit on the cached ID training outputs. */
    FIT("dev.oodbench.bench.FitBenchmark", false, Detectors.NEEDS_FIT, false),
    /** Raw dataset bytes to decoded batch to scores. */
    PIPELINE("dev.oodbench.bench.PipelineBenchmark", true, Detectors.FIRST, false);

    /** Which of the run's detectors a benchmark sweeps. */
    public enum Detectors { NONE, ALL, FROM_OUTPUTS, NEEDS_FIT, FIRST }

    public static final List<Benchmark> DEFAULTS = List.of(FORWARD, SCORE, HEAD, FIT, PIPELINE);

    private final String jmhClass;
    private final boolean batched;
    private final Detectors detectors;
    private final boolean overhead;

    Benchmark(String jmhClass, boolean batched, Detectors detectors, boolean overhead) {
        this.jmhClass = jmhClass;
        this.batched = batched;
        this.detectors = detectors;
        this.overhead = overhead;
    }

    /** The name in result rows and of the {@code @Benchmark} method. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The JMH benchmark class (in {@code src/jmh}). */
    public String jmhClass() { return jmhClass; }

    /** Whether it is swept over batch sizes. */
    public boolean batched() { return batched; }

    /** Which detectors it sweeps. */
    public Detectors detectors() { return detectors; }

    /** Whether its rows carry {@code overhead_vs_forward}. */
    public boolean hasOverhead() { return overhead; }

    /** Whether a result row names this benchmark. */
    public boolean is(String rowName) {
        return id().equals(rowName);
    }

    /** The benchmark a name means; an unknown name fails with the list of known ones. */
    public static Benchmark of(String name) {
        for (Benchmark b : values()) {
            if (b.id().equals(name)) return b;
        }
        throw new IllegalArgumentException("unknown benchmark '" + name + "'; known: " + ids(Arrays.asList(values())));
    }

    public static String ids(List<Benchmark> bs) {
        return String.join(",", bs.stream().map(Benchmark::id).toList());
    }
}
