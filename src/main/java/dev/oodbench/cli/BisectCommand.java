package dev.oodbench.cli;

import dev.oodbench.report.SpeedVerdict;
import dev.oodbench.suite.AbComparison;
import dev.oodbench.suite.AbRun;
import dev.oodbench.suite.Bisect;
import dev.oodbench.suite.WorkloadSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bisect", mixinStandardHelpOptions = true,
        description = {"Find the commit that made rows slower between GOOD and BAD with interleaved ab runs: first GOOD "
                + "against BAD (which rows regressed), then a binary search over the first-parent commits in between, "
                + "each step one ab run of a commit against GOOD on the regressed rows (about log2 of the range).",
                "A step with an inconclusive row is run once more with twice the budget; if it stays inconclusive the "
                        + "search stops and lists the commits the regression may have entered with.",
                "Exit status: 0 a commit named (or no regression between GOOD and BAD), 1 no commit named (an "
                        + "inconclusive step or a row that failed), 2 bad input."})
public final class BisectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "GOOD", description = "a revision without the regression (older)")
    String good;

    @Parameters(index = "1", paramLabel = "BAD", description = "a revision with it (newer)")
    String bad;

    @Option(names = "--rows", paramLabel = "SPEC", split = ",,",
            description = "rows to time, as for ab (several separated by ',,'); default: ab's smoke set")
    List<String> rows;

    @Option(names = "--budget", defaultValue = "90s", paramLabel = "TIME",
            description = "timing budget of each step, e.g. 60s, 2m (builds not included; default: ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--forks", defaultValue = "2", description = "forks that time every row in a step (default: ${DEFAULT-VALUE})")
    int forks;

    @Option(names = "--slower", defaultValue = "" + SpeedVerdict.DEFAULT_SLOWER, paramLabel = "FRACTION",
            description = "a step is bad when a row's ratio interval lies wholly above 1 + FRACTION (default: ${DEFAULT-VALUE})")
    double slower;

    @Option(names = "--confidence", defaultValue = "0.99", description = "two-sided confidence of the intervals (default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random orders (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--results", defaultValue = "results", description = "results folder; each step's ab run goes to <results>/ab/<id> (default: ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws Exception {
        List<WorkloadSpec> specs = (rows == null || rows.isEmpty() ? AbComparison.SMOKE : rows).stream()
                .map(WorkloadSpec::parse).toList();
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("--confidence must be in (0,1): " + confidence);
        SpeedVerdict.of(1, 1, slower); // rejects a negative threshold before any work
        AbRun.Config cfg = new AbRun.Config(specs, AbCommand.seconds(budget), forks, slower, confidence, seed, 0.02, 0.3);
        long t0 = System.nanoTime();
        Bisect.Outcome o = Bisect.run(good, bad, cfg, results, System.out);
        System.out.println();
        for (Bisect.Step s : o.steps()) {
            System.out.printf(Locale.ROOT, "step %d  %s %s  %s  (budget %.0f s, %.0f s)%n", s.number(), s.commit().substring(0, 7),
                    s.subject(), s.verdict(), s.budgetSeconds(), s.seconds());
        }
        System.out.printf(Locale.ROOT, "%s; %.1f min in all%n", o.conclusion(), (System.nanoTime() - t0) / 60e9);
        return o.named() || o.suspects().isEmpty() ? 0 : 1;
    }
}
