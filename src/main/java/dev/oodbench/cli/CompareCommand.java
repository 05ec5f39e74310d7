package dev.oodbench.cli;

import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.Compare;
import dev.oodbench.results.RunData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two runs (folders or CSV files): speed ratios and AUROC/FPR95 deltas with a verdict per row. "
                + "Exit status 1 when anything regressed.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "baseline run folder or CSV (e.g. results/baseline)")
    Path baseline;

    @Parameters(index = "1", description = "candidate run folder or CSV")
    Path candidate;

    @Option(names = "--slower", defaultValue = "0.10",
            description = "speed regression when slower by more than this fraction beyond noise (default: ${DEFAULT-VALUE})")
    double slower;

    @Option(names = "--auroc-drop", defaultValue = "0.005",
            description = "quality regression when AUROC drops by more than this beyond its interval (default: ${DEFAULT-VALUE})")
    double aurocDrop;

    @Option(names = "--markdown", description = "write a Markdown summary here")
    Path markdown;

    @Option(names = "--csv", description = "write the comparison CSV here")
    Path csv;

    @Option(names = "--all", description = "print unchanged rows too")
    boolean all;

    @Override
    public Integer call() throws Exception {
        RunData base = RunData.read(baseline);
        RunData cand = RunData.read(candidate);
        Compare.Result r = new Compare(slower, aurocDrop).compare(base, cand);
        if (!r.hardwareNote().isEmpty()) System.out.println(r.hardwareNote());
        for (Compare.Row x : r.rows()) {
            if (all || !x.verdict().equals("no change")) {
                System.out.printf("%-11s %-7s %-60s %s%n", x.verdict(), x.kind(), x.key(), x.detail());
            }
        }
        System.out.printf("%d rows: %d regressions, %d improvements, %d missing on one side, %d unchanged%n",
                r.rows().size(), r.regressions(), r.improvements(),
                r.rows().stream().filter(x -> x.verdict().equals("missing")).count(),
                r.rows().stream().filter(x -> x.verdict().equals("no change")).count());
        if (markdown != null) AtomicFiles.writeString(markdown, Compare.markdown(base, cand, r));
        if (csv != null) Compare.table(r).write(csv);
        return r.regressions() > 0 ? 1 : 0;
    }
}
