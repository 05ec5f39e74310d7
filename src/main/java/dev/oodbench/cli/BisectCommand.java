package dev.oodbench.cli;

import dev.oodbench.suite.AbRun;
import dev.oodbench.suite.Bisect;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "bisect", mixinStandardHelpOptions = true,
        description = {"Find the commit that made rows slower between GOOD and BAD with interleaved ab runs: first GOOD "
                + "against BAD (which rows regressed), then a binary search over the first-parent commits in between, "
                + "each step one ab run of a commit against GOOD on the regressed rows (about log2 of the range). A "
                + "commit is bad when a row's ratio interval lies above the middle between no change and the slowdown "
                + "the first step measured, good when it lies below.",
                "A step that cannot tell is run once more with twice the budget; if it still cannot, the search stops "
                        + "and lists the commits the regression may have entered with.",
                "Exit status: 0 a commit named (or no regression between GOOD and BAD), 1 no commit named (an "
                        + "inconclusive step or a row that failed), 2 bad input."})
public final class BisectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "GOOD", description = "a revision without the regression (older)")
    String good;

    @Parameters(index = "1", paramLabel = "BAD", description = "a revision with it (newer)")
    String bad;

    @Option(names = "--budget", defaultValue = "90s", paramLabel = "TIME",
            description = "timing budget of each step, e.g. 60s, 2m (builds not included; default: ${DEFAULT-VALUE})")
    String budget;

    @Mixin
    AbOptions ab = new AbOptions();

    @Option(names = "--quality", paramLabel = "ROW",
            description = "bisect an AUROC drop of one quality row instead, e.g. model=mnist04-convnet;detector=energy;"
                    + "ood=mnist59-test: each version evaluates the row once (AUROC repeats exactly), a commit is bad when "
                    + "its AUROC is below the middle of GOOD's and BAD's; runs go to <results>/bisect/<commit>")
    String quality;

    @Override
    public Integer call() throws Exception {
        AbRun.Config cfg = ab.config(budget);
        long t0 = System.nanoTime();
        Bisect.Outcome o = quality != null ? Bisect.runQuality(good, bad, quality, ab.results, System.out)
                : Bisect.run(good, bad, cfg, ab.results, System.out);
        System.out.println();
        for (Bisect.Step s : o.steps()) {
            System.out.printf(Locale.ROOT, "step %d  %s %s  %s  %s%n", s.number(), s.commit().substring(0, 7), s.subject(),
                    s.verdict(), String.join("; ", s.rows().stream().map(Bisect::describe).toList())
                    + (s.budgetSeconds() > 0 ? String.format(Locale.ROOT, "  (budget %.0f s, %.0f s)", s.budgetSeconds(), s.seconds()) : ""));
        }
        System.out.printf(Locale.ROOT, "%s; %.1f min in all%n", o.conclusion(), (System.nanoTime() - t0) / 60e9);
        return o.named() || o.suspects().isEmpty() ? 0 : 1;
    }
}
