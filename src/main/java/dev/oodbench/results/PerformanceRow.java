package dev.oodbench.results;

import java.util.Locale;

/**
 * One row of {@code performance.csv}, built from named parts: which run made it ({@link RunInfo}), what
 * was timed ({@link Key}), how long it took ({@link Timing}), what the detector added to the forward
 * pass ({@link Overhead}), and the machine's calibration rate beside it. A combination that did not run
 * has status skipped or failed with a note and no timing. Column order: {@link PerformanceCsv#COLUMNS}.
 *
 * @param mode              how it was timed: JMH's mode (avgt, ss) or {@code interleaved} (paired with the forward pass)
 * @param imagesPerS        batch size / time per batch in seconds (NaN for fit rows and rows that did not run)
 * @param calibrationGflops the calibration kernel's rate measured in the same forks (NaN when not measured)
 */
public record PerformanceRow(String schemaVersion, RunInfo run, Key key, String mode, Timing timing, double imagesPerS,
                             Overhead overhead, String status, String note, String jvmArgs, double calibrationGflops) {

    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    /**
     * What a performance row is joined on across runs. {@code batchSize} and {@code threads} are the
     * parameter values as text (empty when the benchmark has none, e.g. a fit); {@code threads} is the
     * TensorFlow intra-op thread count (0 = TensorFlow's default).
     */
    public record Key(String benchmark, String model, String detector, String batchSize, String device, String threads) {
        public Key {
            benchmark = nz(benchmark);
            model = nz(model);
            detector = nz(detector);
            batchSize = nz(batchSize);
            device = nz(device);
            threads = nz(threads);
        }

        @Override
        public String toString() {
            return String.join(" ", benchmark, model, detector.isEmpty() ? "-" : detector,
                    "batch=" + (batchSize.isEmpty() ? "-" : batchSize), device, "threads=" + (threads.isEmpty() ? "-" : threads));
        }
    }

    /**
     * The time per operation: {@code score} +- {@code error} in {@code unit} (normally ms/op; JMH's 99.9%
     * error, or the half-width of a paired row's 99% interval), over {@code forks} forks of
     * {@code iterations} iterations (rounds) each; null counts when not run.
     */
    public record Timing(double score, double error, String unit, Integer forks, Integer iterations) {
        public static final Timing NONE = new Timing(Double.NaN, Double.NaN, "", null, null);

        public Timing {
            unit = nz(unit);
        }
    }

    /**
     * What the detector adds to the forward pass: score time / forward time - 1 (for head rows head
     * time / forward time), with its interval when it was measured paired; NaN where it does not apply.
     */
    public record Overhead(double value, double lo, double hi) {
        public static final Overhead NONE = new Overhead(Double.NaN, Double.NaN, Double.NaN);

        /** An overhead from two separate timings: no interval. */
        public static Overhead unpaired(double value) {
            return new Overhead(value, Double.NaN, Double.NaN);
        }

        /** Whether it was measured paired (it has an interval). */
        public boolean paired() {
            return Double.isFinite(lo) && Double.isFinite(hi);
        }
    }

    public PerformanceRow {
        schemaVersion = nz(schemaVersion);
        mode = nz(mode);
        status = status == null || status.isEmpty() ? OK : status;
        note = nz(note);
        jvmArgs = nz(jvmArgs);
        timing = timing == null ? Timing.NONE : timing;
        overhead = overhead == null ? Overhead.NONE : overhead;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public String runId() { return run.runId(); }
    public String timestampUtc() { return run.timestampUtc(); }
    public String suiteVersion() { return run.suiteVersion(); }
    public String gitCommit() { return run.gitCommit(); }
    public String host() { return run.host(); }
    public String cpu() { return run.cpu(); }
    public int cores() { return run.cores(); }
    public String gpu() { return run.gpu(); }
    public String javaVersion() { return run.javaVersion(); }
    public String tfVersion() { return run.tfVersion(); }
    public String benchmark() { return key.benchmark(); }
    public String model() { return key.model(); }
    public String detector() { return key.detector(); }
    public String batchSize() { return key.batchSize(); }
    public String device() { return key.device(); }
    public String threads() { return key.threads(); }
    public double score() { return timing.score(); }
    public double scoreError() { return timing.error(); }
    public String unit() { return timing.unit(); }
    public Integer forks() { return timing.forks(); }
    public Integer iterations() { return timing.iterations(); }
    public double overheadVsForward() { return overhead.value(); }
    public double overheadLo() { return overhead.lo(); }
    public double overheadHi() { return overhead.hi(); }

    public boolean ok() {
        return OK.equals(status);
    }

    /** The batch size as a number, -1 when the row has none. */
    public int batch() {
        try {
            return batchSize().isBlank() ? -1 : Integer.parseInt(batchSize().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The time per operation in seconds ({@code score} converted from a time/op unit such as ms/op,
     * or inverted from an ops/time unit); NaN when the unit is unknown or the row did not run.
     */
    public double secondsPerOp() {
        return secondsPerOp(score(), unit());
    }

    /** The error of {@link #secondsPerOp()} (first order for ops/time units). */
    public double secondsPerOpError() {
        String unit = unit();
        double s = secondsPerOp(score(), unit);
        if (Double.isNaN(scoreError())) return Double.NaN;
        if (isTimePerOp(unit)) return scoreError() * seconds(unit.substring(0, unit.indexOf('/')));
        return s * scoreError() / score(); // relative error carries over to the inverse
    }

    static boolean isTimePerOp(String unit) {
        return unit != null && unit.endsWith("/op");
    }

    public static double secondsPerOp(double score, String unit) {
        if (unit == null || !unit.contains("/")) return Double.NaN;
        String[] p = unit.split("/", 2);
        if (p[1].equals("op")) return score * seconds(p[0]);
        if (p[0].equals("ops")) return seconds(p[1]) / score;
        return Double.NaN;
    }

    /** Seconds in one JMH time unit (ns, us, ms, s, min, hr). */
    static double seconds(String unit) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "ns" -> 1e-9;
            case "us", "\u00b5s" -> 1e-6;
            case "ms" -> 1e-3;
            case "s" -> 1;
            case "min", "m" -> 60;
            case "hr", "h" -> 3600;
            default -> Double.NaN;
        };
    }

    /** A row for a combination that was asked for but not run (e.g. GPU on a machine without one). */
    public static PerformanceRow skipped(RunInfo run, String benchmark, String model, String detector, String batchSize,
                                         String device, String threads, String note) {
        return notRun(run, new Key(benchmark, model, detector, batchSize, device, threads), SKIPPED, note);
    }

    /** A row for a combination whose trial failed, so the failure is kept rather than dropped. */
    public static PerformanceRow failed(RunInfo run, String benchmark, String model, String detector, String batchSize,
                                        String device, String threads, String note) {
        return notRun(run, new Key(benchmark, model, detector, batchSize, device, threads), FAILED, note);
    }

    private static PerformanceRow notRun(RunInfo run, Key key, String status, String note) {
        return new PerformanceRow(PerformanceCsv.SCHEMA_VERSION, run, key, "", Timing.NONE, Double.NaN, Overhead.NONE,
                status, note, "", Double.NaN);
    }

    /** This row with its overhead set. */
    public PerformanceRow withOverhead(Overhead o) {
        return new PerformanceRow(schemaVersion, run, key, mode, timing, imagesPerS, o, status, note, jvmArgs, calibrationGflops);
    }

    /** This row with its calibration rate set. */
    public PerformanceRow withCalibration(double gflops) {
        return new PerformanceRow(schemaVersion, run, key, mode, timing, imagesPerS, overhead, status, note, jvmArgs, gflops);
    }

    /** Whether its overhead was measured paired (with an interval). */
    public boolean pairedOverhead() {
        return overhead.paired();
    }
}
