package dev.oodbench.report;

import dev.oodbench.results.RunData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The change points over a history of runs ({@code history --changes}): every series of
 * {@link RunSeries} searched by {@link ChangePoints}, the chance of any false change over all of them
 * held at {@link ChangePoints#DEFAULT_ALPHA}. Times are searched as logs (a change is a ratio), AUROC
 * and FPR95 as they are (a change is a difference).
 *
 * <p>A change is a <b>regression</b> when it goes the worse way by more than the threshold
 * {@code compare} uses (time: x1.05; AUROC: -0.005; FPR95: +0.02), an <b>improvement</b> when it goes
 * the better way by as much, and a <b>shift</b> otherwise. It is <b>current</b> when it is its series'
 * latest change and the series was measured in its group's newest run: the newest runs are still on the
 * changed side. A run at which half or more of a machine's series change at once is <b>machine-wide</b>:
 * more likely the machine (another day's speed, another load) or a change shared by every row than one
 * row's code.
 */
public final class HistoryChanges {
    /** Noise below which run-to-run differences are not taken as real: log time (0.1%), AUROC, FPR95. */
    static final double TIME_FLOOR = 0.001;
    static final double AUROC_FLOOR = 1e-4;
    static final double FPR95_FLOOR = 1e-3;

    public enum Kind {
        REGRESSION("regression"), IMPROVEMENT("improvement"), SHIFT("shift");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One change: its series; the last run before and the first run after it (where the step could not
     * be placed to one run, the runs in between may hold it too: {@code between} of them); the change as
     * a ratio (time) or difference (AUROC, FPR95) with its interval; its p-value after the corrections;
     * what it is; whether it is current; how many series of its group change at the same run and how many
     * the group has there.
     */
    public record Found(RunSeries.Series series, ChangePoints.Change change, RunData lastBefore, RunData firstAfter,
                        int between, double estimate, double lo, double hi, double p, Kind kind, boolean current,
                        int sameRun, int groupSeries) {
        public boolean machineWide() {
            return groupSeries >= 4 && 2 * sameRun >= groupSeries;
        }
    }

    /** A family's pooled run-to-run noise (log time, or the fraction) and how many series it pools. */
    public record Noise(String family, RunSeries.Metric metric, int series, double value) {}

    /** Everything found, with the number of series searched and each family's pooled noise. */
    public record Result(List<Found> changes, int series, List<Noise> noise, double alpha) {
        /** Current regressions: what makes {@code history --changes} exit 1. */
        public List<Found> currentRegressions() {
            return changes.stream().filter(f -> f.kind() == Kind.REGRESSION && f.current()).toList();
        }
    }

    private HistoryChanges() {}

    /** The changes in {@code runs} (oldest first). */
    public static Result find(List<RunData> runs) {
        return find(RunSeries.of(runs), runs, ChangePoints.defaults(), ChangePoints.DEFAULT_ALPHA);
    }

    static Result find(List<RunSeries.Series> all, List<RunData> runs, ChangePoints method, double alpha) {
        Map<String, List<RunSeries.Series>> byFamily = new LinkedHashMap<>();
        for (RunSeries.Series s : all) byFamily.computeIfAbsent(s.family(), k -> new ArrayList<>()).add(s);
        List<String> names = new ArrayList<>(byFamily.keySet());
        List<ChangePoints.Family> families = new ArrayList<>();
        for (String f : names) {
            List<double[]> values = new ArrayList<>();
            for (RunSeries.Series s : byFamily.get(f)) values.add(values(s));
            families.add(new ChangePoints.Family(values, floor(byFamily.get(f).get(0).metric())));
        }
        List<ChangePoints.FamilyResult> results = method.detect(families);
        // the newest run of each group, and how many series of a group each run has
        Map<String, RunData> newest = new HashMap<>();
        Map<String, Map<RunData, Integer>> seriesAt = new HashMap<>();
        for (RunSeries.Series s : all) {
            for (RunSeries.Point p : s.points()) {
                RunData n = newest.get(s.group());
                if (n == null || runs.indexOf(p.run()) > runs.indexOf(n)) newest.put(s.group(), p.run());
                seriesAt.computeIfAbsent(s.group(), k -> new HashMap<>()).merge(p.run(), 1, Integer::sum);
            }
        }
        record Raw(RunSeries.Series series, ChangePoints.Change change, boolean last) {}
        List<Raw> raw = new ArrayList<>();
        List<Noise> noise = new ArrayList<>();
        for (int f = 0; f < names.size(); f++) {
            List<RunSeries.Series> ss = byFamily.get(names.get(f));
            noise.add(new Noise(names.get(f), ss.get(0).metric(), ss.size(), results.get(f).noise()));
            for (int i = 0; i < ss.size(); i++) {
                List<ChangePoints.Change> cs = results.get(f).changes().get(i);
                for (int c = 0; c < cs.size(); c++) raw.add(new Raw(ss.get(i), cs.get(c), c == cs.size() - 1));
            }
        }
        Map<String, Map<RunData, Integer>> changesAt = new HashMap<>();
        for (Raw r : raw) {
            changesAt.computeIfAbsent(r.series().group(), k -> new HashMap<>())
                    .merge(r.series().points().get(r.change().at()).run(), 1, Integer::sum);
        }
        List<Found> out = new ArrayList<>();
        for (Raw r : raw) {
            RunSeries.Series s = r.series();
            ChangePoints.Change c = r.change();
            boolean log = s.metric().log();
            double est = log ? Math.exp(c.difference()) : c.difference();
            double lo = log ? Math.exp(c.lo()) : c.lo();
            double hi = log ? Math.exp(c.hi()) : c.hi();
            RunData at = s.points().get(c.at()).run();
            boolean measuredLast = s.points().get(s.points().size() - 1).run() == newest.get(s.group());
            out.add(new Found(s, c, s.points().get(c.earliest() - 1).run(), s.points().get(c.latest()).run(),
                    c.latest() - c.earliest(), est, lo, hi, c.p(), kind(s.metric(), est), r.last() && measuredLast,
                    changesAt.get(s.group()).get(at), seriesAt.get(s.group()).get(at)));
        }
        out.sort(Comparator.comparing((Found f) -> f.series().group()).thenComparing(f -> runs.indexOf(f.firstAfter()))
                .thenComparing(f -> f.series().row()));
        return new Result(out, all.size(), noise, alpha);
    }

    /** The values the search sees: log seconds for times, the fractions as they are. */
    static double[] values(RunSeries.Series s) {
        double[] v = new double[s.points().size()];
        for (int i = 0; i < v.length; i++) {
            double x = s.points().get(i).value();
            v[i] = s.metric().log() ? Math.log(x) : x;
        }
        return v;
    }

    static double floor(RunSeries.Metric m) {
        return switch (m) {
            case TIME -> TIME_FLOOR;
            case AUROC -> AUROC_FLOOR;
            case FPR95 -> FPR95_FLOOR;
        };
    }

    /** Regression, improvement or shift, by {@code compare}'s thresholds. */
    static Kind kind(RunSeries.Metric m, double estimate) {
        double worse;
        double threshold;
        switch (m) {
            case TIME -> {
                worse = Math.log(estimate);
                threshold = Math.log(1 + Compare.DEFAULT_SLOWER);
            }
            case AUROC -> {
                worse = -estimate;
                threshold = Compare.DEFAULT_AUROC_DROP;
            }
            default -> {
                worse = estimate;
                threshold = Compare.DEFAULT_FPR95_RISE;
            }
        }
        if (worse > threshold) return Kind.REGRESSION;
        if (worse < -threshold) return Kind.IMPROVEMENT;
        return Kind.SHIFT;
    }

    /** The change in words: "x1.153 [1.112, 1.196]" (four significant digits) for times, "-0.0102 [-0.0131, -0.0073]" for fractions. */
    public static String magnitude(Found f) {
        if (f.series().metric().log()) {
            return String.format(Locale.ROOT, "x%.4g [%.4g, %.4g]", f.estimate(), f.lo(), f.hi());
        }
        return String.format(Locale.ROOT, "%+.4f [%+.4f, %+.4f]", f.estimate(), f.lo(), f.hi());
    }

    /**
     * A plain-text account: the method, then per group the machine-wide runs (one line each, counted) and
     * every other change on its own line: kind, metric, row, change with interval, last run before and
     * first run after (run ids and commits), p-value; current regressions are marked.
     */
    public static String render(Result r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "change points: %d series searched (E-divisive splits kept by a t test on the "
                + "noise pooled over each machine's series; Holm over all series: chance of any false change %.0f%%; "
                + "intervals %.0f%%)%n", r.series(), 100 * r.alpha(), 100 * ChangePoints.DEFAULT_CONFIDENCE));
        for (Noise n : r.noise()) {
            sb.append(String.format(Locale.ROOT, "  pooled run-to-run noise, %s (%d series): %s%n", n.family(), n.series(),
                    n.metric().log() ? String.format(Locale.ROOT, "%.1f%%", 100 * (Math.exp(n.value()) - 1))
                            : String.format(Locale.ROOT, "%.4f", n.value())));
        }
        if (r.changes().isEmpty()) {
            sb.append("no change found\n");
            return sb.toString();
        }
        String group = null;
        Map<RunData, List<Found>> wide = new LinkedHashMap<>();
        List<Found> own = new ArrayList<>();
        for (int i = 0; i <= r.changes().size(); i++) {
            Found f = i < r.changes().size() ? r.changes().get(i) : null;
            if (f == null || !f.series().group().equals(group)) {
                if (group != null) writeGroup(sb, group, wide, own);
                if (f == null) break;
                group = f.series().group();
                wide = new LinkedHashMap<>();
                own = new ArrayList<>();
            }
            if (f.machineWide()) {
                wide.computeIfAbsent(f.series().points().get(f.change().at()).run(), k -> new ArrayList<>()).add(f);
            } else {
                own.add(f);
            }
        }
        long current = r.currentRegressions().size();
        sb.append(current == 0 ? "no current regression\n"
                : current + " current regression(s): the newest runs are still on the worse side of a change\n");
        return sb.toString();
    }

    private static void writeGroup(StringBuilder sb, String group, Map<RunData, List<Found>> wide, List<Found> own) {
        sb.append('\n').append(group).append('\n');
        for (Map.Entry<RunData, List<Found>> e : wide.entrySet()) {
            List<Found> fs = e.getValue();
            double[] ratios = fs.stream().filter(f -> f.series().metric().log()).mapToDouble(Found::estimate).sorted().toArray();
            long reg = fs.stream().filter(f -> f.kind() == Kind.REGRESSION).count();
            long imp = fs.stream().filter(f -> f.kind() == Kind.IMPROVEMENT).count();
            long cur = fs.stream().filter(f -> f.kind() == Kind.REGRESSION && f.current()).count();
            sb.append(String.format(Locale.ROOT, "  machine-wide at %s (%s): %d of %d series change (%d regressions, %d "
                            + "improvements%s)%s%s%n", e.getKey().label(), History.shortCommit(e.getKey().gitCommit()), fs.size(),
                    fs.get(0).groupSeries(), reg, imp, cur > 0 ? ", " + cur + " current" : "",
                    ratios.length == 0 ? "" : String.format(Locale.ROOT, "; median time x%.3f", ratios[ratios.length / 2]),
                    "; the machine or a change every row shares, not one row's code"));
        }
        for (Found f : own) {
            sb.append(String.format(Locale.ROOT, "  %-11s %-5s %s  %s  last before %s (%s), first after %s (%s)%s  p=%.1e%s%n",
                    f.kind().label(), f.series().metric().label(), f.series().row(), magnitude(f), f.lastBefore().label(),
                    History.shortCommit(f.lastBefore().gitCommit()), f.firstAfter().label(),
                    History.shortCommit(f.firstAfter().gitCommit()),
                    f.between() > 0 ? " (" + f.between() + " run(s) in between may hold it)" : "", f.p(),
                    f.kind() == Kind.REGRESSION && f.current() ? "  CURRENT" : ""));
        }
    }
}
