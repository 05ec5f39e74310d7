package dev.oodbench.cli;

import dev.oodbench.report.Compare;
import dev.oodbench.report.SpeedVerdict;
import dev.oodbench.suite.AbComparison;
import dev.oodbench.suite.AbRun;
import dev.oodbench.suite.WorkloadSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ab", mixinStandardHelpOptions = true,
        description = {"Compare the speed of two versions in interleaved, randomized trials: short forks, each loading "
                + "both versions side by side over one TensorFlow and alternating them batch by batch in random order; "
                + "a verdict per row from the paired ratios (Hodges-Lehmann estimate, Wilcoxon signed-rank interval).",
                "BASE and CAND are git revisions of this repository (each built once in build/ab/<commit>) or built "
                        + "checkout folders; models come from each side.",
                "Exit status: 0 no regression, 1 a regression (or a row that failed), 2 bad input."})
public final class AbCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "baseline revision or checkout folder (A)")
    String base;

    @Parameters(index = "1", paramLabel = "CAND", description = "candidate revision or checkout folder (B)")
    String cand;

    @Option(names = "--rows", paramLabel = "SPEC", split = ",,",
            description = "rows to time, as benchmark=score;model=cifar10-resnet20;detector=knn;batch=256 (several "
                    + "separated by ',,'); default: the smoke set (forward of ResNet-20 at batch 8 and 64 and of the "
                    + "MNIST convnet at 8 and 256; energy, vim, mahalanobis, knn and head mls at one batch each)")
    List<String> rows;

    @Option(names = "--budget", defaultValue = "3m", paramLabel = "TIME",
            description = "time spent timing, e.g. 90s, 3m, 10m (builds not included; default: ${DEFAULT-VALUE})")
    String budget;

    @Option(names = "--forks", defaultValue = "2", description = "forks that time every row before the budget goes to "
            + "the widest intervals (at least 2; default: ${DEFAULT-VALUE})")
    int forks;

    @Option(names = "--slower", defaultValue = "" + SpeedVerdict.DEFAULT_SLOWER, paramLabel = "FRACTION",
            description = "regression when the ratio's whole interval is above 1 + FRACTION (the same rule as "
                    + "compare; default: ${DEFAULT-VALUE})")
    double slower;

    @Option(names = "--confidence", defaultValue = "0.99", description = "two-sided confidence of the intervals (default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the random orders (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--format", paramLabel = "FMT", split = ",",
            description = "also write ab.<FMT>.json: github-action-benchmark (customSmallerIsBetter), bencher (Bencher Metric Format)")
    List<String> formats = new ArrayList<>();

    @Option(names = "--results", defaultValue = "results", description = "results folder; the run goes to <results>/ab/<id> (default: ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws Exception {
        List<WorkloadSpec> specs = (rows == null || rows.isEmpty() ? AbComparison.SMOKE : rows).stream()
                .map(WorkloadSpec::parse).toList();
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("--confidence must be in (0,1): " + confidence);
        SpeedVerdict.of(1, 1, slower); // rejects a negative threshold before any work
        AbRun.Config cfg = new AbRun.Config(specs, seconds(budget), forks, slower, confidence, seed, 0.02, 0.3);
        AbComparison.Outcome o = AbComparison.run(base, cand, cfg, results, formats, System.out);
        System.out.print(Compare.console(o.result(), true));
        System.out.println("wrote " + o.dir() + "/{ab.csv,ab.md}");
        return o.result().regressions() > 0 || o.result().count(Compare.FAILED) > 0 ? 1 : 0;
    }

    /** "90s", "3m", "1.5m", "600" (seconds) to seconds. */
    static double seconds(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        double scale = t.endsWith("m") ? 60 : t.endsWith("h") ? 3600 : 1;
        if (t.endsWith("s") || t.endsWith("m") || t.endsWith("h")) t = t.substring(0, t.length() - 1);
        try {
            double v = Double.parseDouble(t) * scale;
            if (v > 0 && Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--budget '" + s + "' is not a duration such as 90s, 3m or 10m");
    }

}
