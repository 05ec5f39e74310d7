package dev.oodbench.suite;

import dev.oodbench.report.Compare;
import dev.oodbench.results.AccuracyRow;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code oodbench bisect GOOD BAD}: the first commit of a speed regression between two revisions, found
 * with interleaved {@code ab} runs ({@link AbComparison}), each a candidate commit against GOOD.
 *
 * <p>Steps: first GOOD against BAD on the rows asked for, to learn which rows regressed (none: there is
 * nothing to bisect); then a binary search over the first-parent commits after GOOD up to BAD, on those
 * rows only. The first step's verdicts are {@code ab}'s (regression: the ratio's whole interval above
 * 1 + the threshold). The search then asks of each commit which side it is on: each row's cut is the
 * geometric middle between no change and the slowdown the first step measured ({@code sqrt(r)} for a
 * ratio {@code r}: x1.062 for x1.128); a commit is bad when any row's interval lies wholly above its
 * cut, good when every row's interval lies wholly below it. Asking "which side" rather than "beyond
 * the 5% threshold or inside +-5%" needs an interval half as wide as the slowdown, not one narrower
 * than the threshold band. A step that cannot tell is run once more with twice the budget; if it still
 * cannot, the search stops and names the commits the regression may have entered with, rather than
 * guess. About log2(commits) + 1 steps. {@link #runQuality} does the same for an AUROC drop of one
 * quality row, one evaluation per version.
 */
public final class Bisect {
    /**
     * What one step compared and concluded: {@code commit} against GOOD, with the rows' verdicts, the budget
     * of its last attempt, the folder of its ab run and the seconds it took (both attempts, builds included).
     */
    public record Step(int number, String commit, String subject, String verdict, List<Compare.Row> rows,
                       double budgetSeconds, Path dir, double seconds) {}

    /**
     * The outcome. {@code firstBad}: the commit that brought the regression (null when none was named);
     * {@code suspects}: the commits it may be (one when named; several when a step stayed inconclusive;
     * none when GOOD and BAD do not differ); {@code conclusion}: one line for people.
     */
    public record Outcome(String firstBad, List<String> suspects, List<Step> steps, String conclusion) {
        public boolean named() {
            return firstBad != null;
        }
    }

    public static final String BAD = "bad";
    public static final String GOOD = "good";
    public static final String INCONCLUSIVE = "inconclusive";
    public static final String FAILED = "failed";

    private Bisect() {}

    /**
     * Bisects {@code good..bad} (both git revisions of the repository at {@code oodbench.home}) with
     * {@code cfg}'s rows, budget per step, threshold and confidence; each step's ab run goes to
     * {@code results/ab/<id>}.
     */
    public static Outcome run(String good, String bad, AbRun.Config cfg, Path results, PrintStream log) throws Exception {
        Path home = home();
        String goodSha = commit(good, home);
        String badSha = commit(bad, home);
        List<String> commits = range(good, bad, goodSha, badSha, home);
        log.printf(Locale.ROOT, "bisect %s (good) .. %s (bad): %d commits, about %d steps after the first%n", good, bad,
                commits.size(), steps(commits.size()));
        List<Step> steps = new ArrayList<>();
        Step first = step(steps, goodSha, badSha, cfg, Map.of(), results, home, log);
        if (first.verdict().equals(FAILED)) {
            return new Outcome(null, commits, steps, "a row could not be timed (see " + first.dir() + "); nothing bisected");
        }
        if (!first.verdict().equals(BAD)) {
            String why = first.verdict().equals(INCONCLUSIVE)
                    ? "GOOD against BAD stayed inconclusive after a doubled budget: no regression to bisect was shown"
                    : "no row is slower at " + bad + " than at " + good + ": nothing to bisect";
            return new Outcome(null, List.of(), steps, why);
        }
        List<String> regressed = first.rows().stream().filter(r -> r.verdict().equals(Compare.REGRESSION))
                .map(r -> spec(r)).toList();
        Map<String, Double> cuts = new LinkedHashMap<>();
        for (Compare.Row r : first.rows()) {
            if (r.verdict().equals(Compare.REGRESSION)) cuts.put(r.keyText(), Math.sqrt(r.change()));
        }
        AbRun.Config narrow = new AbRun.Config(regressed.stream().map(WorkloadSpec::parse).toList(), cfg.budgetSeconds(),
                cfg.minForks(), cfg.slower(), cfg.confidence(), cfg.seed(), cfg.slotSeconds(), cfg.warmupSeconds());
        log.printf(Locale.ROOT, "bisecting on the %d row(s) that regressed: %s; a commit is bad when a row's interval lies "
                + "above %s%n", regressed.size(), String.join(", ", regressed), String.join(", ", cuts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "x%.3f (%s)", e.getValue(), e.getKey())).toList()));
        return search(commits, commit -> step(steps, goodSha, commit, narrow, cuts, results, home, log), steps,
                culprit -> subject(culprit, home));
    }

    private static Path home() {
        return Path.of(System.getProperty("oodbench.home", ".")).toAbsolutePath().normalize();
    }

    /** The first-parent commits after GOOD up to BAD, oldest first. */
    private static List<String> range(String good, String bad, String goodSha, String badSha, Path home) throws Exception {
        String list = AbVersions.git(home, "rev-list", "--reverse", "--first-parent", goodSha + ".." + badSha);
        List<String> commits = list.isBlank() ? List.of() : Arrays.asList(list.split("\\s+"));
        if (commits.isEmpty() || !commits.get(commits.size() - 1).equals(badSha)) {
            throw new IllegalArgumentException(bad + " does not come after " + good + " on the first-parent "
                    + "line (git rev-list " + good + ".." + bad + " lists nothing); pass the older, good revision first");
        }
        return commits;
    }

    /**
     * The first commit of an AUROC drop of one quality row ({@code model=...;detector=...;ood=...}) between
     * GOOD and BAD: each version evaluates the row once in its own checkout ({@link EvalAt}; AUROC repeats
     * exactly on the same code and data); BAD must be lower than GOOD by more than {@code compare}'s
     * threshold (0.005); a commit is bad when its AUROC is below the middle of the two. Runs go to
     * {@code results/bisect/<commit>}.
     */
    public static Outcome runQuality(String good, String bad, String rowSpec, Path results, PrintStream log) throws Exception {
        EvalAt.Row row = EvalAt.Row.parse(rowSpec);
        Path home = home();
        String goodSha = commit(good, home);
        String badSha = commit(bad, home);
        List<String> commits = range(good, bad, goodSha, badSha, home);
        log.printf(Locale.ROOT, "bisect %s (good) .. %s (bad) on the AUROC of %s: %d commits, about %d steps after the "
                + "first%n", good, bad, row, commits.size(), steps(commits.size()));
        List<Step> steps = new ArrayList<>();
        AccuracyRow goodRow = evaluate(goodSha, row, results, home, log);
        double g = goodRow.auroc();
        double b = evaluate(badSha, row, results, home, log).auroc();
        String idSet = goodRow.idDataset();
        Step first = qualityStep(steps, badSha, row, idSet, g, b, g - Compare.DEFAULT_AUROC_DROP, home);
        log.printf(Locale.ROOT, "step 1: AUROC %.6f at %s, %.6f at %s%n", g, shortSha(goodSha), b, shortSha(badSha));
        if (!first.verdict().equals(BAD)) {
            return new Outcome(null, List.of(), steps, String.format(Locale.ROOT, "the AUROC of %s is not lower at %s than at "
                    + "%s by more than %.3f (%+.6f): nothing to bisect", row, bad, good, Compare.DEFAULT_AUROC_DROP, b - g));
        }
        double cut = (g + b) / 2;
        log.printf(Locale.ROOT, "a commit is bad when its AUROC is below %.6f%n", cut);
        return search(commits, commit -> {
            double a = evaluate(commit, row, results, home, log).auroc();
            Step s = qualityStep(steps, commit, row, idSet, g, a, cut, home);
            log.printf(Locale.ROOT, "step %d: %s AUROC %.6f: %s%n", s.number(), shortSha(commit), a, s.verdict());
            return s;
        }, steps, culprit -> subject(culprit, home));
    }

    private static AccuracyRow evaluate(String sha, EvalAt.Row row, Path results, Path home, PrintStream log) throws Exception {
        AbVersions.Side side = AbVersions.prepare(shortSha(sha), sha, home, log);
        return EvalAt.evaluate(side, row, results.resolve("bisect").resolve(sha), log);
    }

    /** A quality step: bad when the AUROC is below the cut. */
    private static Step qualityStep(List<Step> steps, String commit, EvalAt.Row row, String idSet, double good, double auroc,
                                    double cut, Path home) {
        String verdict = auroc < cut ? BAD : GOOD;
        Map<String, String> key = new LinkedHashMap<>();
        key.put("model", row.model());
        key.put("detector", row.detector());
        key.put("id_dataset", idSet);
        key.put("ood_dataset", row.ood());
        Compare.Row r = new Compare.Row("quality", "auroc", key, good, auroc, auroc - good, auroc - good, auroc - good,
                verdict.equals(BAD) ? Compare.REGRESSION : Compare.NO_CHANGE, "one evaluation per version");
        Step s = new Step(steps.size() + 1, commit, subject(commit, home), verdict, List.of(r), 0, null, 0);
        steps.add(s);
        return s;
    }

    /** One step of the search: a commit's verdict against GOOD. */
    @FunctionalInterface
    interface Judge {
        Step judge(String commit) throws Exception;
    }

    /**
     * The binary search over {@code commits} (oldest first; the last is known bad, the one before the first
     * known good): each judged commit halves the range; an inconclusive or failed step ends it with the
     * commits still open.
     */
    static Outcome search(List<String> commits, Judge judge, List<Step> steps,
                          Function<String, String> subject) throws Exception {
        int lo = -1; // index of the last known good commit (-1: GOOD itself)
        int hi = commits.size() - 1; // the first known bad
        while (hi - lo > 1) {
            int mid = (lo + hi) / 2;
            Step s = judge.judge(commits.get(mid));
            switch (s.verdict()) {
                case BAD -> hi = mid;
                case GOOD -> lo = mid;
                default -> {
                    List<String> open = commits.subList(lo + 1, hi + 1);
                    return new Outcome(null, open, steps, String.format(Locale.ROOT, "step %d (%s) %s; the regression "
                            + "entered with one of %d commits: %s", s.number(), shortSha(s.commit()), s.verdict().equals(FAILED)
                            ? "failed" : "stayed inconclusive after a doubled budget", open.size(),
                            String.join(" ", open.stream().map(Bisect::shortSha).toList())));
                }
            }
        }
        String culprit = commits.get(hi);
        return new Outcome(culprit, List.of(culprit), steps, "first bad commit: " + shortSha(culprit) + " "
                + subject.apply(culprit) + " (" + steps.size() + " steps)");
    }

    /** The steps a search over n commits takes after the first: ceil(log2 n). */
    static int steps(int n) {
        int s = 0;
        while ((1 << s) < n) s++;
        return s;
    }

    /**
     * One ab run of {@code cand} against {@code good}, run again once with twice the budget when it cannot
     * tell; judged by ab's verdicts, or by {@code cuts} (row key to ratio) when there are any.
     */
    private static Step step(List<Step> steps, String good, String cand, AbRun.Config cfg, Map<String, Double> cuts,
                             Path results, Path home, PrintStream log) throws Exception {
        String subject = subject(cand, home);
        Step s = null;
        double spent = 0; // both attempts, builds included
        for (int attempt = 0; attempt < 2; attempt++) {
            AbRun.Config c = attempt == 0 ? cfg : new AbRun.Config(cfg.rows(), 2 * cfg.budgetSeconds(), cfg.minForks(),
                    cfg.slower(), cfg.confidence(), cfg.seed() + 1, cfg.slotSeconds(), cfg.warmupSeconds());
            log.printf(Locale.ROOT, "step %d%s: %s %s against %s, budget %.0f s%n", steps.size() + 1,
                    attempt == 0 ? "" : " (again, doubled budget)", shortSha(cand), subject, shortSha(good), c.budgetSeconds());
            long t0 = System.nanoTime();
            AbComparison.Outcome o = AbComparison.run(good, cand, c, results, List.of(), log);
            double took = (System.nanoTime() - t0) / 1e9;
            spent += took;
            s = new Step(steps.size() + 1, cand, subject, verdict(o.result().rows(), cuts), o.result().rows(), c.budgetSeconds(),
                    o.dir(), spent);
            log.printf(Locale.ROOT, "step %d: %s is %s (%.0f s)%n", s.number(), shortSha(cand), s.verdict(), took);
            for (Compare.Row r : s.rows()) log.println("  " + describe(r));
            if (!s.verdict().equals(INCONCLUSIVE)) break;
        }
        steps.add(s);
        return s;
    }

    /**
     * Without cuts: bad when any row regressed; good when every row is no change or faster. With cuts (row
     * key to ratio): bad when any row's interval lies wholly above its cut; good when every row's lies
     * wholly below. Failed when a row could not be timed; inconclusive otherwise.
     */
    static String verdict(List<Compare.Row> rows, Map<String, Double> cuts) {
        if (rows.stream().anyMatch(r -> r.verdict().equals(Compare.FAILED))) return FAILED;
        if (!cuts.isEmpty()) {
            if (rows.stream().anyMatch(r -> r.lo() > cuts.getOrDefault(r.keyText(), Double.POSITIVE_INFINITY))) return BAD;
            if (rows.stream().allMatch(r -> r.hi() < cuts.getOrDefault(r.keyText(), Double.NEGATIVE_INFINITY))) return GOOD;
            return INCONCLUSIVE;
        }
        if (rows.stream().anyMatch(r -> r.verdict().equals(Compare.REGRESSION))) return BAD;
        if (rows.stream().allMatch(r -> r.verdict().equals(Compare.NO_CHANGE) || r.verdict().equals(Compare.IMPROVEMENT))) {
            return GOOD;
        }
        return INCONCLUSIVE;
    }

    /** "forward mnist04-convnet - b=256 cpu t=0: x1.102 [1.090, 1.115] regression"; quality: the AUROC and its change. */
    public static String describe(Compare.Row r) {
        if (Double.isNaN(r.change())) return r.keyText() + ": " + r.verdict();
        if (r.kind().equals("quality")) {
            return String.format(Locale.ROOT, "%s: AUROC %.6f (%+.6f)", r.keyText(), r.candidate(), r.change());
        }
        return String.format(Locale.ROOT, "%s: x%.3f [%.3f, %.3f] %s", r.keyText(), r.change(), r.lo(), r.hi(), r.verdict());
    }

    /** The row's workload spec back from ab's key columns. */
    private static String spec(Compare.Row r) {
        var k = r.key();
        return "benchmark=" + k.get("benchmark") + ";model=" + k.get("model") + ";detector=" + k.getOrDefault("detector", "")
                + ";batch=" + (k.getOrDefault("batch_size", "").isEmpty() ? "0" : k.get("batch_size")) + ";device="
                + k.get("device") + ";threads=" + k.getOrDefault("threads", "0");
    }

    private static String commit(String ref, Path home) throws Exception {
        String sha = AbVersions.resolve(ref, home);
        if (!sha.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("'" + ref + "' is a folder; bisect needs two git revisions of " + home);
        }
        return sha;
    }

    private static String subject(String sha, Path home) {
        try {
            return "\"" + AbVersions.git(home, "log", "-1", "--format=%s", sha) + "\"";
        } catch (Exception e) {
            return "";
        }
    }

    static String shortSha(String sha) {
        return sha.length() > 7 ? sha.substring(0, 7) : sha;
    }
}
