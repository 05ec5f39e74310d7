package dev.oodbench.report;

import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Runs of the same code in one {@link History.Series}: the same clean commit (no uncommitted changes)
 * on the same machine and of the same kind. What separates their timings is the machine, not the code,
 * so they measure two things every between-run comparison needs: how far apart same-code runs land
 * ({@link #allowance}), and whether a calibration removes that spread ({@link #calibration}).
 */
public final class SameCodeRuns {
    /** Fewer (row, pair) differences than this are too few to estimate an allowance from. */
    public static final int MIN_DIFFERENCES = 30;

    /**
     * The allowance is this many times the largest same-code difference seen: a new run can land
     * farther out than any before it (on this machine a held-out run's differences exceeded the largest of
     * the other same-code runs in about one comparison in ten; docs/between-run-verdicts.md).
     */
    public static final double MARGIN = 1.5;

    /** A normalisation passes when its spread is at most this share of the raw spread. */
    public static final double PASS_SHARE = 1.0 / 3;

    private SameCodeRuns() {}

    /**
     * Groups of at least two same-code runs, keyed by machine and commit (of any run kind: the rows two
     * runs share are timed the same way, and what moves them apart is the machine).
     */
    public static Map<String, List<RunData>> groups(List<RunData> runs) {
        Map<String, List<RunData>> m = new LinkedHashMap<>();
        for (RunData r : runs) {
            String c = r.gitCommit();
            if (c.isEmpty() || c.endsWith("-dirty") || c.startsWith("unknown")) continue;
            m.computeIfAbsent(machine(History.Series.of(r)) + " @ " + History.shortCommit(c), k -> new ArrayList<>()).add(r);
        }
        m.values().removeIf(l -> l.size() < 2);
        return m;
    }

    /** A series' machine in one line: host / CPU xcores / TF build. */
    static String machine(History.Series s) {
        return s.host() + " / " + s.cpu() + " x" + s.cores() + " / TF " + s.tensorflow();
    }

    /** The between-run allowance estimated from same-code runs, and what it rests on. */
    public record Allowance(double logRatio, int pairs, int differences, String series) {
        public String source() {
            return String.format(Locale.ROOT, "%.1f x the largest of %d same-code differences in %d pairs of runs on %s", MARGIN,
                    differences, pairs, series);
        }
    }

    /**
     * {@value #MARGIN} x the largest |log(time ratio)| between same-code runs on {@code series}' machine (of any run kind:
     * the spread is the machine's) over the speed rows both ran (each above
     * {@link Compare#MIN_TIMED_SECONDS}); empty with fewer than {@value #MIN_DIFFERENCES}.
     */
    public static Optional<Allowance> allowance(List<RunData> runs, History.Series series) {
        double max = 0;
        int pairs = 0;
        int n = 0;
        for (List<RunData> g : groups(runs.stream().filter(r -> History.Series.of(r).sameMachine(series)).toList()).values()) {
            for (int i = 0; i < g.size(); i++) {
                for (int j = i + 1; j < g.size(); j++) {
                    List<Double> d = logRatios(g.get(i), g.get(j));
                    if (d.isEmpty()) continue;
                    pairs++;
                    n += d.size();
                    for (double x : d) max = Math.max(max, Math.abs(x));
                }
            }
        }
        return n < MIN_DIFFERENCES ? Optional.empty() : Optional.of(new Allowance(MARGIN * max, pairs, n, machine(series)));
    }

    /** log(time in b / time in a) for every speed row both ran, above the timing floor. */
    public static List<Double> logRatios(RunData a, RunData b) {
        Map<PerformanceRow.Key, PerformanceRow> m = new LinkedHashMap<>();
        for (PerformanceRow r : a.performance()) if (timed(r)) m.put(r.key(), r);
        List<Double> out = new ArrayList<>();
        for (PerformanceRow r : b.performance()) {
            PerformanceRow x = m.get(r.key());
            if (x != null && timed(r)) out.add(Math.log(r.secondsPerOp() / x.secondsPerOp()));
        }
        return out;
    }

    private static boolean timed(PerformanceRow r) {
        return r.ok() && r.secondsPerOp() >= Compare.MIN_TIMED_SECONDS && Double.isFinite(r.secondsPerOp());
    }

    /** One row's spread over a group of same-code runs: max / min - 1, raw and calibration-normalised. */
    public record Spread(String row, int runs, double raw, double normalised) {
        public boolean passes() {
            return normalised <= PASS_SHARE * raw;
        }
    }

    /** The spread of every speed row that ran, with a calibration rate, in at least three runs of the group (in all of a smaller group). */
    public static List<Spread> calibration(List<RunData> group) {
        Map<PerformanceRow.Key, List<PerformanceRow>> rows = new LinkedHashMap<>();
        for (RunData r : group) {
            for (PerformanceRow p : r.performance()) {
                if (timed(p) && p.calibrationGflops() > 0) rows.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p);
            }
        }
        List<Spread> out = new ArrayList<>();
        for (Map.Entry<PerformanceRow.Key, List<PerformanceRow>> e : rows.entrySet()) {
            if (e.getValue().size() < Math.min(3, group.size())) continue;
            double[] raw = e.getValue().stream().mapToDouble(PerformanceRow::secondsPerOp).toArray();
            double[] norm = e.getValue().stream().mapToDouble(p -> p.secondsPerOp() * p.calibrationGflops()).toArray();
            out.add(new Spread(BenchmarkFormats.speedName(Compare.speedKey(e.getKey())), e.getValue().size(), spread(raw), spread(norm)));
        }
        return out;
    }

    /** max / min - 1. */
    public static double spread(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi / lo - 1;
    }

    /** The calibration check as text: per group of same-code runs, per row, raw and normalised spreads and the verdict. */
    public static String calibrationText(List<RunData> runs) {
        StringBuilder sb = new StringBuilder();
        Map<String, List<RunData>> groups = groups(runs);
        if (groups.isEmpty()) {
            return "no two runs of the same clean commit in one series: make same-code runs (e.g. `./oodbench bench --quick` "
                    + "several times at different loads) to check the calibration\n";
        }
        for (Map.Entry<String, List<RunData>> g : groups.entrySet()) {
            List<Spread> s = calibration(g.getValue());
            if (s.isEmpty()) continue; // runs without a calibration rate: nothing to check
            long pass = s.stream().filter(Spread::passes).count();
            sb.append(g.getKey()).append(": ").append(g.getValue().size()).append(" runs, ").append(s.size())
                    .append(" rows with a calibration rate in at least three of them\n");
            for (Spread x : s) {
                sb.append(String.format(Locale.ROOT, "  %-48s %2d runs  raw %7.1f%%  normalised %7.1f%%  %s%n", x.row(), x.runs(),
                        100 * x.raw(), 100 * x.normalised(), x.passes() ? "passes" : "fails"));
            }
            sb.append(String.format(Locale.ROOT, "  %d of %d rows pass (normalised spread at most a third of the raw spread)%n",
                    pass, s.size()));
        }
        return sb.toString();
    }
}
