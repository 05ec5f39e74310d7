package dev.oodbench.suite;

import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.model.MatmulKernel;
import dev.oodbench.model.ModelCatalog;
import dev.oodbench.report.PairedRatio;
import dev.oodbench.results.Benchmark;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The {@code score}, {@code head} and {@code pipeline} rows of a run, timed interleaved with the forward
 * pass they add to: per model, batch size, device and thread count, one group holds the forward pass, the
 * calibration kernel, every detector's score path and ops alone, and the pipeline from raw file bytes
 * (with the first detector), all on one loaded model, run round by round in random order in short
 * forks, the forward pass also between the others (bracketing: {@link Interleaver#run(List, boolean)}).
 * A detector's {@code overhead_vs_forward} is then the ratio of its time to the forward slots just
 * before and after it, a fraction of a second apart under the same load (score / forward - 1, head /
 * forward), with its interval ({@link PairedRatio}); an overhead below zero beyond its interval is
 * reported as a bug.
 */
final class PairedOverheads {
    /** Two-sided confidence of the overhead intervals. */
    static final double CONFIDENCE = 0.99;

    private PairedOverheads() {}

    /** Timing left before fork {@code fork} starts: its groups and those of the forks after it, each timed for the paired time. */
    static double secondsLeft(BenchConfig cfg, int fork, int groups) {
        return (cfg.forks() - fork + 1) * groups * cfg.pairedSeconds();
    }

    /** {@code 45 s}, {@code 6.5 min}. */
    static String minutes(double seconds) {
        return seconds < 90 ? String.format(Locale.ROOT, "%.0f s", seconds) : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    static List<PerformanceRow> run(BenchConfig cfg, RunInfo run, List<String> devices, Path workDir, PrintStream out)
            throws Exception {
        List<String> scored = cfg.benchmarks().contains(Benchmark.SCORE) ? cfg.detectors() : List.of();
        List<String> head = cfg.benchmarks().contains(Benchmark.HEAD) ? cfg.detectors().stream()
                .filter(d -> DetectorCatalog.parseList(d).get(0).scoresFromOutputs()).toList() : List.of();
        // the pipeline (raw file bytes -> decoded batch -> scores) with the first detector, as its JMH benchmark
        List<String> pipeline = cfg.benchmarks().contains(Benchmark.PIPELINE) && !cfg.detectors().isEmpty()
                ? List.of(cfg.detectors().get(0)) : List.of();
        List<String> fitted = cfg.benchmarks().contains(Benchmark.FIT) ? BenchMain.fitTimed(cfg.detectors()) : List.of();
        Map<String, List<WorkloadSpec>> groups = new LinkedHashMap<>();
        for (String model : cfg.models()) {
            for (String device : devices) {
                for (int threads : cfg.threads()) {
                    for (int batch : scored.isEmpty() && head.isEmpty() && pipeline.isEmpty() ? List.<Integer>of() : cfg.batches()) {
                        List<WorkloadSpec> g = new ArrayList<>();
                        g.add(new WorkloadSpec(Benchmark.FORWARD.id(), model, "", batch, device, threads));
                        g.add(WorkloadSpec.calibration(device));
                        for (String d : scored) g.add(new WorkloadSpec(Benchmark.SCORE.id(), model, d, batch, device, threads));
                        for (String d : head) g.add(new WorkloadSpec(Benchmark.HEAD.id(), model, d, batch, device, threads));
                        for (String d : pipeline) g.add(new WorkloadSpec(Benchmark.PIPELINE.id(), model, d, batch, device, threads));
                        groups.put(g.get(0).toString(), g);
                    }
                    if (!fitted.isEmpty()) { // every fit of a model in one group: one process, one fit-data read
                        List<WorkloadSpec> g = new ArrayList<>();
                        g.add(WorkloadSpec.calibration(device));
                        for (String d : fitted) g.add(new WorkloadSpec(Benchmark.FIT.id(), model, d, 0, device, threads));
                        groups.put(g.get(1).toString(), g);
                    }
                }
            }
        }
        if (scored.isEmpty() && head.isEmpty() && pipeline.isEmpty() && fitted.isEmpty()) return List.of();
        InterleavedJob.Version self = new InterleavedJob.Version("run", null,
                ModelCatalog.root().toAbsolutePath().toString());
        // a group led by the forward pass runs it between the others too: each ratio compares neighbouring slots
        List<InterleavedJob.Group> jobGroups = groups.entrySet().stream().map(e -> new InterleavedJob.Group(e.getKey(),
                cfg.pairedSeconds(), e.getValue().stream().map(w -> new InterleavedJob.Variant("run", w.toString())).toList(),
                e.getValue().get(0).benchmark().equals(Benchmark.FORWARD.id()))).toList();
        Forks forks = new Forks(workDir);
        Random random = new Random(cfg.seed());
        Map<String, List<InterleavedJob.GroupResult>> timings = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (int f = 1; f <= cfg.forks(); f++) {
            out.printf(Locale.ROOT, "paired overheads: fork %d of %d, %d groups x %.1f s (about %s of timing left)%n", f,
                    cfg.forks(), jobGroups.size(), cfg.pairedSeconds(), minutes(secondsLeft(cfg, f, jobGroups.size())));
            for (InterleavedJob.GroupResult r : forks.run(new InterleavedJob(random.nextLong(), 0.02, cfg.warmupSeconds(),
                    List.of(self), jobGroups), 600 + 3 * jobGroups.size() * (cfg.pairedSeconds() + 10))) {
                if (r.ok()) timings.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r);
                else errors.put(r.id(), r.error());
            }
        }
        // the bug check runs on every score row of the run: at 99% each, a sweep of ~170 rows would flag one
        // by chance; Bonferroni over the rows keeps the whole run's chance of a false flag at 1%
        long scoreRows = groups.values().stream().flatMap(List::stream)
                .filter(w -> w.benchmark().equals(Benchmark.SCORE.id())).count();
        double bugConfidence = bugConfidence(scoreRows);
        List<PerformanceRow> rows = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<WorkloadSpec> specs = e.getValue();
            List<InterleavedJob.GroupResult> t = timings.get(e.getKey());
            boolean fit = specs.get(0).benchmark().equals(WorkloadSpec.CALIBRATION);
            for (int i = fit ? 1 : 2; i < specs.size(); i++) {
                WorkloadSpec w = specs.get(i);
                if (t == null) {
                    rows.add(PerformanceRow.failed(run, w.benchmark(), w.model(), w.detector(), String.valueOf(w.batch()),
                            w.device(), String.valueOf(w.threads()), "interleaved timing failed: "
                                    + errors.getOrDefault(e.getKey(), "no result")));
                    continue;
                }
                rows.add(fit ? fitRow(run, w, t, i) : row(run, w, t, i, bugConfidence, out));
            }
        }
        return rows;
    }

    /**
     * A fit row from its rounds in every fork of a fit group (variant 0 the calibration kernel): the median
     * time of one fit with the interval of that median; no overhead.
     */
    private static PerformanceRow fitRow(RunInfo run, WorkloadSpec w, List<InterleavedJob.GroupResult> t, int i) {
        Rounds r = Rounds.of(t, i, -1, 0);
        Spread spread = Spread.of(r.times());
        PerformanceRow.Key key = new PerformanceRow.Key(w.benchmark(), w.model(), w.detector(), "", w.device(),
                String.valueOf(w.threads()));
        return new PerformanceRow(PerformanceCsv.SCHEMA_VERSION, run, key, "interleaved",
                new PerformanceRow.Timing(spread.ms(), spread.errorMs(), "ms/op", t.size(), r.perFork()), Double.NaN,
                PerformanceRow.Overhead.NONE, PerformanceRow.OK, String.format(Locale.ROOT,
                "every fit of the model interleaved round by round in one process (%d fits)", r.times().size()), "",
                AbRun.median(r.rates()));
    }

    /**
     * Variant {@code i}'s rounds over every fork: its times, their ratios to variant {@code ref} (none when
     * {@code ref < 0}): to the reference slots around it in a bracketed group, else to the same round's,
     * the calibration rate of each round (variant {@code cal}), and the most rounds of one fork.
     */
    private record Rounds(List<Double> times, List<Double> ratios, List<Double> rates, int perFork) {
        static Rounds of(List<InterleavedJob.GroupResult> t, int i, int ref, int cal) {
            List<Double> times = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> rates = new ArrayList<>();
            int perFork = 0;
            for (InterleavedJob.GroupResult g : t) {
                double[][] fork = g.seconds();
                for (int r = 0; r < fork[i].length; r++) {
                    times.add(fork[i][r]);
                    if (ref >= 0) {
                        ratios.add(fork[i][r] / (g.reference() != null && ref == 0 ? g.reference()[i][r] : fork[ref][r]));
                    }
                    rates.add(MatmulKernel.gflops(MatmulKernel.DEFAULT_SIZE, fork[cal][r]));
                }
                perFork = Math.max(perFork, fork[i].length);
            }
            return new Rounds(times, ratios, rates, perFork);
        }
    }

    /** The median time of one operation in ms and the half-width of the 99% interval of that median. */
    private record Spread(double ms, double errorMs) {
        static Spread of(List<Double> seconds) {
            double median = AbRun.median(seconds);
            // the interval of the median time: the same rank statistics on the times over their median
            PairedRatio p = PairedRatio.of(seconds.stream().mapToDouble(x -> x / median).toArray(), CONFIDENCE);
            double ms = median * 1e3;
            return new Spread(ms, Double.isFinite(p.hi()) ? ms * (p.hi() - p.lo()) / 2 : Double.NaN);
        }
    }

    /**
     * Whether a detector's score path contains the whole forward pass, so that it cannot be faster than
     * it: not for a map detector, which need not run the layers after the maps (MDS-ensemble reads no logits).
     */
    static boolean containsForward(String detector) {
        return !DetectorCatalog.parseList(detector).get(0).needsMaps();
    }

    /** The confidence of the bug check on each of {@code scoreRows} rows: 99% for the run as a whole (Bonferroni). */
    static double bugConfidence(long scoreRows) {
        return 1 - (1 - CONFIDENCE) / Math.max(1, scoreRows);
    }

    /**
     * Whether per-round score / forward ratios are below 1 beyond the noise at {@code confidence}. Needs
     * enough rounds for that confidence to be reachable at all: with n rounds the smallest two-sided p of
     * the signed-rank test is 2 / 2^n (every round on one side), so fewer rounds never flag.
     */
    static boolean fasterBeyondNoise(double[] ratios, double confidence) {
        if (2 * Math.pow(0.5, ratios.length) > 1 - confidence) return false;
        return PairedRatio.of(ratios, confidence).hi() < 1;
    }

    /** What a score row's note says when the row is reported as a bug. */
    static final String BUG_NOTE = "; BUG: the score path (forward + detector) ran faster than the forward pass alone";

    /**
     * A paired score row faster than the forward pass it contains beyond the noise, at the run-wide
     * confidence its note gives: a bug to report.
     */
    static boolean fasterThanItsForward(PerformanceRow r) {
        return r.benchmark().equals(Benchmark.SCORE.id()) && r.note().contains(BUG_NOTE);
    }

    /** The row of variant {@code i} of a group from its rounds in every fork. */
    private static PerformanceRow row(RunInfo run, WorkloadSpec w, List<InterleavedJob.GroupResult> t, int i,
                                      double bugConfidence, PrintStream out) {
        Rounds rounds = Rounds.of(t, i, 0, 1);
        Spread spread = Spread.of(rounds.times());
        PairedRatio ratio = PairedRatio.of(rounds.ratios().stream().mapToDouble(Double::doubleValue).toArray(), CONFIDENCE);
        boolean score = w.benchmark().equals(Benchmark.SCORE.id());
        // score and pipeline contain the forward pass: their overhead is the ratio less one; head is the ratio itself
        double shift = w.benchmark().equals(Benchmark.HEAD.id()) ? 0 : 1;
        boolean bracketed = t.stream().allMatch(g -> g.reference() != null);
        String note = String.format(Locale.ROOT, "interleaved with forward%s: %s / forward x%.4f (%.0f%% interval %.4f..%.4f, "
                + "%d rounds)", bracketed ? " (the forward slots around it)" : "", w.benchmark(), ratio.ratio(), 100 * CONFIDENCE,
                ratio.lo(), ratio.hi(), ratio.trials());
        if (score && containsForward(w.detector()) && ratio.hi() < 1) {
            double[] r = rounds.ratios().stream().mapToDouble(Double::doubleValue).toArray();
            if (fasterBeyondNoise(r, bugConfidence)) {
                PairedRatio strict = PairedRatio.of(r, bugConfidence);
                note += String.format(Locale.ROOT, BUG_NOTE + " beyond the noise (%.2f%% interval, over the run's score rows: "
                        + "..%.4f)", 100 * bugConfidence, strict.hi());
                out.printf("warning: %s %s b=%d: score faster than forward beyond the noise (x%.4f, run-wide interval %.4f..%.4f)%n",
                        w.model(), w.detector(), w.batch(), ratio.ratio(), strict.lo(), strict.hi());
            }
        }
        PerformanceRow.Key key = new PerformanceRow.Key(w.benchmark(), w.model(), w.detector(), String.valueOf(w.batch()),
                w.device(), String.valueOf(w.threads()));
        return new PerformanceRow(PerformanceCsv.SCHEMA_VERSION, run, key, "interleaved",
                new PerformanceRow.Timing(spread.ms(), spread.errorMs(), "ms/op", t.size(), rounds.perFork()), w.batch() / (spread.ms() / 1e3),
                new PerformanceRow.Overhead(ratio.ratio() - shift, ratio.lo() - shift, ratio.hi() - shift), PerformanceRow.OK,
                note, "", AbRun.median(rounds.rates()));
    }

}
