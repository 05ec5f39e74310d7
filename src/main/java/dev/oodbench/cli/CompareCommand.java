package dev.oodbench.cli;

import dev.oodbench.report.BenchmarkFormats;
import dev.oodbench.report.Compare;
import dev.oodbench.report.SpeedVerdict;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.RunData;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    @Option(names = "--slower", defaultValue = "" + SpeedVerdict.DEFAULT_SLOWER, paramLabel = "FRACTION",
            description = "speed regression when slower by more than this fraction beyond noise, i.e. the lower bound of "
                    + "the time ratio's interval above 1 + FRACTION; no change when the whole interval is within "
                    + "1 +- FRACTION; inconclusive otherwise (the same rule as ab; default: ${DEFAULT-VALUE})")
    double slower;

    @Option(names = "--run-noise", defaultValue = "" + Compare.DEFAULT_RUN_NOISE_NORMALISED, paramLabel = "LOG",
            description = "between-run noise allowance (log ratio) added to each side of a calibration-normalised "
                    + "speed interval (default: ${DEFAULT-VALUE})")
    double runNoise;

    @Option(names = "--run-noise-raw", defaultValue = "" + Compare.DEFAULT_RUN_NOISE_RAW, paramLabel = "LOG",
            description = "the same for rows without calibration on both sides, whose raw times drift more between "
                    + "runs (default: ${DEFAULT-VALUE})")
    double runNoiseRaw;

    @Option(names = "--format", split = ",", paramLabel = "FMT",
            description = "also write FILE.<FMT>.json beside --csv (or ./compare.<FMT>.json): github-action-benchmark, "
                    + "bencher; the speed rows' ratios")
    List<String> formats;

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
        Compare.Result r = new Compare(slower, aurocDrop, fpr95Rise).withRunNoise(runNoiseRaw, runNoise).compare(base, cand);
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
        if (formats != null) {
            for (String f : formats) {
                Path target = csv != null ? csv.resolveSibling(csv.getFileName() + "." + f + ".json") : Path.of("compare." + f + ".json");
                AtomicFiles.writeString(target, BenchmarkFormats.render(f, BenchmarkFormats.ratios(r)));
                out.println("wrote " + target);
            }
        }
        out.flush();
        return r.regressions() > 0 ? 1 : 0;
    }

    private static boolean shareARow(RunData a, RunData b) {
        Set<Object> keys = new HashSet<>();
        a.performance().forEach(p -> keys.add(p.key()));
        a.accuracy().forEach(x -> keys.add(List.of(x.model(), x.detector(), x.idDataset(), x.oodDataset())));
        return b.performance().stream().anyMatch(p -> keys.contains(p.key())) || b.accuracy().stream()
                .anyMatch(x -> keys.contains(List.of(x.model(), x.detector(), x.idDataset(), x.oodDataset())));
    }
}
