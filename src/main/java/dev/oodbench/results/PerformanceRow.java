package dev.oodbench.results;

import java.util.Locale;

/**
 * One row of {@code performance.csv}: one JMH benchmark at one parameter combination, or a
 * combination that did not run ({@code status} skipped or failed, with a {@code note}). Components
 * are in column order ({@link PerformanceCsv#COLUMNS}).
 *
 * <ul>
 * <li>{@code benchmark}: the JMH method name: {@code forward}, {@code score}, {@code fit}, {@code pipeline};
 * <li>{@code batchSize}, {@code threads}: JMH parameter values as text (empty when the benchmark has
 *     none, e.g. a fit); {@code threads} is the TensorFlow intra-op thread count (0 = TensorFlow's default);
 * <li>{@code score} ± {@code scoreError}: JMH's primary metric (average time per batch in {@code unit},
 *     normally ms/op) and its 99.9% error; NaN when not run;
 * <li>{@code imagesPerS} = batch size / time per batch in seconds;
 * <li>{@code overheadVsForward} = score-row time / forward-row time - 1 for the same model, batch size,
 *     device and threads (NaN for other benchmarks or without a forward row);
 * <li>{@code forks}, {@code iterations}: JMH forks and measurement iterations per fork (null when not run);
 * <li>{@code overheadLo}, {@code overheadHi}: the interval of {@code overheadVsForward} when it was measured
 *     paired (forward and detector interleaved in one process), NaN otherwise;
 * <li>{@code calibrationGflops}: the calibration kernel's rate measured in the same forks, between the
 *     iterations (NaN when not measured): {@code time x rate} puts runs of different times and machines on one scale.
 * </ul>
 */
public record PerformanceRow(String schemaVersion, String runId, String timestampUtc, String suiteVersion,
                             String gitCommit, String benchmark, String model, String detector, String batchSize,
                             String device, String threads, String mode, double score, double scoreError, String unit,
                             double imagesPerS, double overheadVsForward, String status, String note, Integer forks,
                             Integer iterations, String host, String cpu, int cores, String gpu, String javaVersion,
                             String tfVersion, String jvmArgs, double overheadLo, double overheadHi,
                             double calibrationGflops) {

    public static final String OK = "ok";
    public static final String SKIPPED = "skipped";
    public static final String FAILED = "failed";

    /** What a performance row is joined on across runs. */
    public record Key(String benchmark, String model, String detector, String batchSize, String device, String threads) {
        @Override
        public String toString() {
            return String.join(" ", benchmark, model, detector.isEmpty() ? "-" : detector,
                    "batch=" + (batchSize.isEmpty() ? "-" : batchSize), device, "threads=" + (threads.isEmpty() ? "-" : threads));
        }
    }

    /** A row without a paired overhead interval or calibration. */
    public PerformanceRow(String schemaVersion, String runId, String timestampUtc, String suiteVersion, String gitCommit,
                          String benchmark, String model, String detector, String batchSize, String device, String threads,
                          String mode, double score, double scoreError, String unit, double imagesPerS,
                          double overheadVsForward, String status, String note, Integer forks, Integer iterations,
                          String host, String cpu, int cores, String gpu, String javaVersion, String tfVersion,
                          String jvmArgs) {
        this(schemaVersion, runId, timestampUtc, suiteVersion, gitCommit, benchmark, model, detector, batchSize, device,
                threads, mode, score, scoreError, unit, imagesPerS, overheadVsForward, status, note, forks, iterations, host,
                cpu, cores, gpu, javaVersion, tfVersion, jvmArgs, Double.NaN, Double.NaN, Double.NaN);
    }

    public PerformanceRow {
        schemaVersion = nz(schemaVersion);
        runId = nz(runId);
        timestampUtc = nz(timestampUtc);
        suiteVersion = nz(suiteVersion);
        gitCommit = nz(gitCommit);
        benchmark = nz(benchmark);
        model = nz(model);
        detector = nz(detector);
        batchSize = nz(batchSize);
        device = nz(device);
        threads = nz(threads);
        mode = nz(mode);
        unit = nz(unit);
        status = status == null || status.isEmpty() ? OK : status;
        note = nz(note);
        host = nz(host);
        cpu = nz(cpu);
        gpu = nz(gpu);
        javaVersion = nz(javaVersion);
        tfVersion = nz(tfVersion);
        jvmArgs = nz(jvmArgs);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    public Key key() {
        return new Key(benchmark, model, detector, batchSize, device, threads);
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** The batch size as a number, -1 when the row has none. */
    public int batch() {
        try {
            return batchSize.isBlank() ? -1 : Integer.parseInt(batchSize.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The time per operation in seconds ({@code score} converted from a time/op unit such as ms/op,
     * or inverted from an ops/time unit); NaN when the unit is unknown or the row did not run.
     */
    public double secondsPerOp() {
        return secondsPerOp(score, unit);
    }

    /** The error of {@link #secondsPerOp()} (first order for ops/time units). */
    public double secondsPerOpError() {
        double s = secondsPerOp(score, unit);
        if (Double.isNaN(scoreError)) return Double.NaN;
        if (isTimePerOp(unit)) return scoreError * seconds(unit.substring(0, unit.indexOf('/')));
        return s * scoreError / score; // relative error carries over to the inverse
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
        return notRun(run, benchmark, model, detector, batchSize, device, threads, SKIPPED, note);
    }

    /** A row for a combination whose JMH trial failed, so the failure is kept rather than dropped. */
    public static PerformanceRow failed(RunInfo run, String benchmark, String model, String detector, String batchSize,
                                        String device, String threads, String note) {
        return notRun(run, benchmark, model, detector, batchSize, device, threads, FAILED, note);
    }

    private static PerformanceRow notRun(RunInfo run, String benchmark, String model, String detector, String batchSize,
                                         String device, String threads, String status, String note) {
        double nan = Double.NaN;
        return new PerformanceRow(PerformanceCsv.SCHEMA_VERSION, run.runId(), run.timestampUtc(), run.suiteVersion(),
                run.gitCommit(), benchmark, model, detector, batchSize, device, threads, "", nan, nan, "", nan, nan, status,
                note, null, null, run.host(), run.cpu(), run.cores(), run.gpu(), run.javaVersion(), run.tfVersion(), "");
    }

    /** This row with {@code overhead_vs_forward} set (keeping its interval when it has one). */
    public PerformanceRow withOverhead(double overhead) {
        return withOverhead(overhead, overheadLo, overheadHi);
    }

    /** This row with {@code overhead_vs_forward} and its interval set. */
    public PerformanceRow withOverhead(double overhead, double lo, double hi) {
        return new PerformanceRow(schemaVersion, runId, timestampUtc, suiteVersion, gitCommit, benchmark, model, detector,
                batchSize, device, threads, mode, score, scoreError, unit, imagesPerS, overhead, status, note, forks,
                iterations, host, cpu, cores, gpu, javaVersion, tfVersion, jvmArgs, lo, hi, calibrationGflops);
    }

    /** This row with its calibration rate set. */
    public PerformanceRow withCalibration(double gflops) {
        return new PerformanceRow(schemaVersion, runId, timestampUtc, suiteVersion, gitCommit, benchmark, model, detector,
                batchSize, device, threads, mode, score, scoreError, unit, imagesPerS, overheadVsForward, status, note, forks,
                iterations, host, cpu, cores, gpu, javaVersion, tfVersion, jvmArgs, overheadLo, overheadHi, gflops);
    }

    /** Whether its overhead was measured paired (with an interval). */
    public boolean pairedOverhead() {
        return Double.isFinite(overheadLo) && Double.isFinite(overheadHi);
    }
}
