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
 * The {@code score} and {@code head} rows of a run, timed interleaved with the forward pass they add
 * to: per model, batch size, device and thread count, one group holds the forward pass, the
 * calibration kernel, and every detector's score path and ops alone, all on one loaded model, run round
 * by round in random order in short forks. A detector's {@code overhead_vs_forward} is then the ratio
 * of timings taken seconds apart under the same load (score / forward - 1, head / forward), with its
 * interval ({@link PairedRatio}); an overhead below zero beyond its interval is reported as a bug.
 */
final class PairedOverheads {
    /** Two-sided confidence of the overhead intervals. */
    static final double CONFIDENCE = 0.99;

    private PairedOverheads() {}

    static List<PerformanceRow> run(BenchConfig cfg, RunInfo run, List<String> devices, Path workDir, PrintStream out)
            throws Exception {
        List<String> scored = cfg.benchmarks().contains(Benchmark.SCORE) ? cfg.detectors() : List.of();
        List<String> head = cfg.benchmarks().contains(Benchmark.HEAD) ? cfg.detectors().stream()
                .filter(d -> DetectorCatalog.parseList(d).get(0).scoresFromOutputs()).toList() : List.of();
        Map<String, List<WorkloadSpec>> groups = new LinkedHashMap<>();
        for (String model : cfg.models()) {
            for (String device : devices) {
                for (int threads : cfg.threads()) {
                    for (int batch : cfg.batches()) {
                        List<WorkloadSpec> g = new ArrayList<>();
                        g.add(new WorkloadSpec(Benchmark.FORWARD.id(), model, "", batch, device, threads));
                        g.add(WorkloadSpec.calibration(device));
                        for (String d : scored) g.add(new WorkloadSpec(Benchmark.SCORE.id(), model, d, batch, device, threads));
                        for (String d : head) g.add(new WorkloadSpec(Benchmark.HEAD.id(), model, d, batch, device, threads));
                        groups.put(g.get(0).toString(), g);
                    }
                }
            }
        }
        if (scored.isEmpty() && head.isEmpty()) return List.of();
        InterleavedJob.Version self = new InterleavedJob.Version("run", null,
                ModelCatalog.root().toAbsolutePath().toString());
        List<InterleavedJob.Group> jobGroups = groups.entrySet().stream().map(e -> new InterleavedJob.Group(e.getKey(),
                cfg.pairedSeconds(), e.getValue().stream().map(w -> new InterleavedJob.Variant("run", w.toString())).toList()))
                .toList();
        Forks forks = new Forks(workDir);
        Random random = new Random(cfg.seed());
        Map<String, List<double[][]>> timings = new LinkedHashMap<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (int f = 1; f <= cfg.forks(); f++) {
            out.printf(Locale.ROOT, "paired overheads: fork %d of %d, %d groups x %.1f s%n", f, cfg.forks(), jobGroups.size(),
                    cfg.pairedSeconds());
            for (InterleavedJob.GroupResult r : forks.run(new InterleavedJob(random.nextLong(), 0.02, cfg.warmupSeconds(),
                    List.of(self), jobGroups), 600 + 3 * jobGroups.size() * (cfg.pairedSeconds() + 10))) {
                if (r.ok()) timings.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r.seconds());
                else errors.put(r.id(), r.error());
            }
        }
        List<PerformanceRow> rows = new ArrayList<>();
        for (var e : groups.entrySet()) {
            List<WorkloadSpec> specs = e.getValue();
            List<double[][]> t = timings.get(e.getKey());
            for (int i = 2; i < specs.size(); i++) {
                WorkloadSpec w = specs.get(i);
                if (t == null) {
                    rows.add(PerformanceRow.failed(run, w.benchmark(), w.model(), w.detector(), String.valueOf(w.batch()),
                            w.device(), String.valueOf(w.threads()), "interleaved timing failed: "
                                    + errors.getOrDefault(e.getKey(), "no result")));
                    continue;
                }
                rows.add(row(run, cfg, w, t, i, out));
            }
        }
        return rows;
    }

    /** The row of variant {@code i} of a group from its rounds in every fork ({@code t[fork][variant][round]}). */
    private static PerformanceRow row(RunInfo run, BenchConfig cfg, WorkloadSpec w, List<double[][]> t, int i, PrintStream out) {
        List<Double> mine = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        int rounds = 0;
        for (double[][] fork : t) {
            for (int r = 0; r < fork[i].length; r++) {
                mine.add(fork[i][r]);
                ratios.add(fork[i][r] / fork[0][r]);
                rates.add(MatmulKernel.gflops(MatmulKernel.DEFAULT_SIZE, fork[1][r]));
            }
            rounds = Math.max(rounds, fork[i].length);
        }
        double median = AbRun.median(mine);
        // the interval of the median time: the same rank statistics on the times over their median
        PairedRatio spread = PairedRatio.of(mine.stream().mapToDouble(x -> x / median).toArray(), CONFIDENCE);
        PairedRatio ratio = PairedRatio.of(ratios.stream().mapToDouble(Double::doubleValue).toArray(), CONFIDENCE);
        boolean score = w.benchmark().equals(Benchmark.SCORE.id());
        double shift = score ? 1 : 0;
        double ms = median * 1e3;
        double err = Double.isFinite(spread.hi()) ? ms * (spread.hi() - spread.lo()) / 2 : Double.NaN;
        String note = String.format(Locale.ROOT, "interleaved with forward: %s / forward x%.4f (%.0f%% interval %.4f..%.4f, "
                + "%d rounds)", w.benchmark(), ratio.ratio(), 100 * CONFIDENCE, ratio.lo(), ratio.hi(), ratio.trials());
        if (score && ratio.hi() < 1) {
            note += "; BUG: the score path (forward + detector) ran faster than the forward pass alone beyond the noise";
            out.printf("warning: %s %s b=%d: score faster than forward beyond the noise (x%.4f, interval %.4f..%.4f)%n",
                    w.model(), w.detector(), w.batch(), ratio.ratio(), ratio.lo(), ratio.hi());
        }
        PerformanceRow.Key key = new PerformanceRow.Key(w.benchmark(), w.model(), w.detector(), String.valueOf(w.batch()),
                w.device(), String.valueOf(w.threads()));
        return new PerformanceRow(PerformanceCsv.SCHEMA_VERSION, run, key, "interleaved",
                new PerformanceRow.Timing(ms, err, "ms/op", t.size(), rounds), w.batch() / median,
                new PerformanceRow.Overhead(ratio.ratio() - shift, ratio.lo() - shift, ratio.hi() - shift), PerformanceRow.OK,
                note, "", AbRun.median(rates));
    }

}
