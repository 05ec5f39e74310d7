package dev.oodbench.suite;

import dev.oodbench.report.PairedRatio;
import dev.oodbench.report.SpeedVerdict;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * An interleaved A/B comparison of two versions (Laaber, Scheuner &amp; Leitner, EMSE 2019; Bulej et al.,
 * "duet benchmarking", ICPE 2020): each fork is a fresh JVM that loads both versions' workload for a
 * row side by side (each version's classes in its own class loader over one TensorFlow runtime) and
 * alternates them in random order, batch by batch. Every round gives one paired ratio (B time / A
 * time); a row's verdict comes from all its rounds over all forks ({@link PairedRatio}, judged by
 * {@link SpeedVerdict} with the same threshold as {@code compare}).
 *
 * <p>Budget: the first {@code minForks} forks time every row for an equal share of 70% of the budget;
 * the rest of the budget goes, fork by fork, to the rows whose interval is still widest (the
 * inconclusive ones first) until the budget is spent or every row is decided narrowly enough.
 */
public final class AbRun {
    /** What to compare and how long to spend. */
    public record Config(List<WorkloadSpec> rows, double budgetSeconds, int minForks, double slower, double confidence,
                         long seed, double slotSeconds, double warmupSeconds) {
        public Config {
            if (rows.isEmpty()) throw new IllegalArgumentException("ab needs at least one row");
            if (minForks < 2) throw new IllegalArgumentException("ab needs at least 2 forks (got " + minForks + ")");
            if (!(budgetSeconds > 0)) throw new IllegalArgumentException("the budget must be > 0 seconds");
        }
    }

    /** One row's outcome: medians of each side's times per operation, the ratio, the verdict. */
    public record RowResult(WorkloadSpec row, double baseSeconds, double candSeconds, PairedRatio ratio,
                            SpeedVerdict verdict, int forks, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    /** The share of the budget the first forks spend on every row; the rest goes to the widest intervals. */
    static final double FIRST_SHARE = 0.7;
    /** Minimal and maximal time one fork spends on one row. */
    static final double MIN_ROW_SECONDS = 2;
    static final double MAX_ROW_SECONDS = 60;
    /** A row whose interval is narrower than this (log half-width) and decided gets no more forks. */
    static final double NARROW_ENOUGH = 0.01;

    private final Config cfg;

    public AbRun(Config cfg) {
        this.cfg = cfg;
    }

    /** Runs the forks with versions {@code base} (A) and {@code cand} (B); {@code workDir} keeps the fork files. */
    public List<RowResult> run(InterleavedJob.Version base, InterleavedJob.Version cand, Path workDir, PrintStream log)
            throws Exception {
        Random random = new Random(cfg.seed());
        Forks forks = new Forks(workDir);
        Map<String, Samples> samples = new LinkedHashMap<>();
        for (WorkloadSpec r : cfg.rows()) samples.put(r.toString(), new Samples(r));
        // a first, untimed fork loads every row once, so that fitted statistics computed on first use
        // (the ID training outputs, cached on disk) are not computed inside the budget
        log.println("preparing: loading every row once (fit data computed and cached where missing)");
        List<InterleavedJob.Group> warm = new ArrayList<>();
        for (Samples s : samples.values()) {
            warm.add(new InterleavedJob.Group(s.row.toString(), 0.01, List.of(new InterleavedJob.Variant(base.name(), s.row.toString()),
                    new InterleavedJob.Variant(cand.name(), s.row.toString()))));
        }
        for (InterleavedJob.GroupResult g : forks.run(new InterleavedJob(random.nextLong(), cfg.slotSeconds(), 0, List.of(base, cand),
                warm), 3600, "prepare")) {
            if (!g.ok()) samples.get(g.id()).error = g.error();
        }
        long start = System.nanoTime();
        // seconds a fork spends per row besides timing it (its share of the JVM start, loading both
        // versions' models and fitted detectors, warm-up): a guess at first, then learnt from each fork
        double load = 4;
        for (int fork = 1; ; fork++) {
            double left = cfg.budgetSeconds() - (System.nanoTime() - start) / 1e9;
            List<Samples> pick;
            double perRow;
            if (fork <= cfg.minForks()) {
                pick = samples.values().stream().filter(s -> s.error == null).toList();
                if (pick.isEmpty()) break;
                double share = cfg.budgetSeconds() * FIRST_SHARE / cfg.minForks();
                perRow = clamp(share / pick.size() - load);
            } else {
                pick = samples.values().stream().filter(s -> s.needsMore(cfg)).sorted(Comparator.comparingDouble(
                        (Samples s) -> -s.need(cfg))).toList();
                int fit = (int) Math.floor(left / (MIN_ROW_SECONDS + load));
                if (pick.isEmpty() || fit <= 0) break;
                pick = pick.subList(0, Math.min(pick.size(), fit));
                perRow = clamp(left / pick.size() - load);
            }
            List<InterleavedJob.Group> groups = new ArrayList<>();
            for (Samples s : pick) {
                groups.add(new InterleavedJob.Group(s.row.toString(), perRow, List.of(
                        new InterleavedJob.Variant(base.name(), s.row.toString()),
                        new InterleavedJob.Variant(cand.name(), s.row.toString()))));
            }
            InterleavedJob job = new InterleavedJob(random.nextLong(), cfg.slotSeconds(), cfg.warmupSeconds(),
                    List.of(base, cand), groups);
            long t0 = System.nanoTime();
            log.printf(Locale.ROOT, "fork %d: %d rows x %.1f s%n", fork, pick.size(), perRow);
            for (InterleavedJob.GroupResult g : forks.run(job, 120 + 3 * pick.size() * (perRow + load))) {
                samples.get(g.id()).add(g);
            }
            double took = (System.nanoTime() - t0) / 1e9;
            load = Math.max(0.5, took / pick.size() - perRow);
        }
        return samples.values().stream().map(s -> s.result(cfg)).toList();
    }

    private static double clamp(double s) {
        return Math.max(MIN_ROW_SECONDS, Math.min(MAX_ROW_SECONDS, s));
    }

    /** Every round timed for one row, over all forks. */
    private static final class Samples {
        final WorkloadSpec row;
        final List<Double> base = new ArrayList<>();
        final List<Double> cand = new ArrayList<>();
        int forks;
        String error;

        Samples(WorkloadSpec row) {
            this.row = row;
        }

        void add(InterleavedJob.GroupResult g) {
            if (!g.ok()) {
                error = g.error();
                return;
            }
            forks++;
            for (int i = 0; i < g.seconds()[0].length; i++) {
                base.add(g.seconds()[0][i]);
                cand.add(g.seconds()[1][i]);
            }
        }

        PairedRatio ratio(Config cfg) {
            double[] r = new double[base.size()];
            for (int i = 0; i < r.length; i++) r[i] = cand.get(i) / base.get(i);
            return PairedRatio.of(r, cfg.confidence());
        }

        boolean needsMore(Config cfg) {
            if (error != null) return false;
            PairedRatio r = ratio(cfg);
            return SpeedVerdict.of(r, cfg.slower()) == SpeedVerdict.INCONCLUSIVE || r.halfWidth() > NARROW_ENOUGH;
        }

        /** Inconclusive rows first, then the widest intervals. */
        double need(Config cfg) {
            PairedRatio r = ratio(cfg);
            double w = Math.min(r.halfWidth(), 10);
            return (SpeedVerdict.of(r, cfg.slower()) == SpeedVerdict.INCONCLUSIVE ? 100 : 0) + w;
        }

        RowResult result(Config cfg) {
            if (base.isEmpty()) {
                return new RowResult(row, Double.NaN, Double.NaN, PairedRatio.of(new double[0], cfg.confidence()),
                        SpeedVerdict.INCONCLUSIVE, forks, error == null ? "no rounds timed" : error);
            }
            PairedRatio r = ratio(cfg);
            return new RowResult(row, median(base), median(cand), r, SpeedVerdict.of(r, cfg.slower()), forks,
                    error != null && forks == 0 ? error : null);
        }
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}
