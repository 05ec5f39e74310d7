package dev.oodbench.cli;

import dev.oodbench.report.SpeedVerdict;
import dev.oodbench.suite.AbComparison;
import dev.oodbench.suite.AbRun;
import dev.oodbench.suite.WorkloadSpec;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** The options of an interleaved A/B timing, as {@code ab} has them, for {@code bisect} (a picocli mixin). */
final class AbOptions {
    @Option(names = "--rows", paramLabel = "SPEC", split = ",,",
            description = "rows to time, as benchmark=score;model=cifar10-resnet20;detector=knn;batch=256 (several "
                    + "separated by ',,'); default: the smoke set (forward of ResNet-20 at batch 8 and 64 and of the "
                    + "MNIST convnet at 8 and 256; energy, vim, mahalanobis, knn and head mls at one batch each)")
    List<String> rows;

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

    @Option(names = "--results", defaultValue = "results", description = "results folder; each ab run goes to <results>/ab/<id> (default: ${DEFAULT-VALUE})")
    Path results;

    /** The run's settings with {@code budget} (as "90s", "3m"), checked before any work. */
    AbRun.Config config(String budget) {
        BenchCommand.notEmpty("--results", results.toString());
        List<WorkloadSpec> specs = (rows == null || rows.isEmpty() ? AbComparison.SMOKE : rows).stream()
                .map(WorkloadSpec::parseRow).toList();
        for (int i = 0; i < specs.size(); i++) {
            if (specs.indexOf(specs.get(i)) != i) {
                throw new IllegalArgumentException("--rows names " + specs.get(i).label() + " twice; list each once");
            }
        }
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("--confidence must be in (0,1): " + confidence);
        SpeedVerdict.of(1, 1, slower); // rejects a negative threshold before any work
        return new AbRun.Config(specs, AbCommand.seconds(budget), forks, slower, confidence, seed, 0.02, 0.3);
    }
}
