package dev.oodbench.cli;

import dev.oodbench.results.AtomicFiles;
import dev.oodbench.report.Compare;
import dev.oodbench.results.RunData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two runs (run folders, or single performance/accuracy CSV or JMH JSON files): speed ratios "
                + "with their noise, AUROC and FPR95 deltas against their bootstrap intervals, a verdict per row.",
                "Exit status: 0 nothing regressed, 1 something regressed, 2 bad input."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "baseline run folder or file (e.g. results/baseline)")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "candidate run folder or file")
    Path candidate;

    @Option(names = "--slower", defaultValue = "0.10", paramLabel = "FRACTION",
            description = "speed regression when slower by more than this fraction beyond noise, i.e. the lower bound of "
                    + "the time ratio's interval above 1 + FRACTION (default: ${DEFAULT-VALUE})")
    double slower;

    @Option(names = "--auroc-drop", defaultValue = "0.005", paramLabel = "DELTA",
            description = "quality regression when AUROC drops by more than this beyond its bootstrap interval (default: ${DEFAULT-VALUE})")
    double aurocDrop;

    @Option(names = "--fpr95-rise", defaultValue = "0.02", paramLabel = "DELTA",
            description = "quality regression when FPR95 rises by more than this beyond its bootstrap interval (default: ${DEFAULT-VALUE})")
    double fpr95Rise;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write a Markdown summary (for a pull request) here")
    Path markdown;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the comparison, one row per metric, as CSV here")
    Path csv;

    @Option(names = "--all", description = "print the unchanged rows too")
    boolean all;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RunData base = RunData.read(baseline);
        RunData cand = RunData.read(candidate);
        Compare.Result r = new Compare(slower, aurocDrop, fpr95Rise).compare(base, cand);
        if (r.rows().isEmpty()) {
            throw new IllegalArgumentException("nothing to compare: neither run has performance or accuracy rows");
        }
        if (!shareARow(base, cand)) {
            throw new IllegalArgumentException(baseline + " and " + candidate + " share no row (" + r.rows().size()
                    + " rows on one side only); compare a performance file with a performance file, accuracy with accuracy");
        }
        out.print(Compare.console(r, all));
        if (markdown != null) {
            AtomicFiles.writeString(markdown, Compare.markdown(r));
            out.println("wrote " + markdown);
        }
        if (csv != null) {
            Compare.table(r).write(csv);
            out.println("wrote " + csv);
        }
        out.flush();
        return r.regressions() > 0 ? 1 : 0;
    }

    private static boolean shareARow(RunData a, RunData b) {
        java.util.Set<Object> keys = new java.util.HashSet<>();
        a.performance().forEach(p -> keys.add(p.key()));
        a.accuracy().forEach(x -> keys.add(java.util.List.of(x.model(), x.detector(), x.idDataset(), x.oodDataset())));
        return b.performance().stream().anyMatch(p -> keys.contains(p.key())) || b.accuracy().stream()
                .anyMatch(x -> keys.contains(java.util.List.of(x.model(), x.detector(), x.idDataset(), x.oodDataset())));
    }
}
