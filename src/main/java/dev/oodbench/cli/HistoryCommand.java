package dev.oodbench.cli;

import dev.oodbench.report.History;
import dev.oodbench.report.HistoryChanges;
import dev.oodbench.report.SameCodeRuns;
import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List the runs in <results>/runs, oldest first, grouped into series of comparable runs (one machine: "
                + "host, CPU, cores, TensorFlow build; one run kind: quick, default, custom), with commit and headline "
                + "numbers per model (forward images/s at batch 256 on CPU, best and mean AUROC).")
public final class HistoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
            description = "results folder (default: ${DEFAULT-VALUE})")
    Path results;

    @Option(names = "--changes", description = "also find the change points of every row over the runs (speed per "
            + "machine, AUROC and FPR95 per run kind) and exit 1 when the newest runs are on the worse side of a "
            + "regression (docs/change-points.md)")
    boolean changes;

    @Option(names = "--wide", description = "add run id, version, calibration rate and the calibration-normalised "
            + "throughput (wider than 120 columns)")
    boolean wide;

    @Option(names = "--calibration", description = "check the calibration on runs of the same commit in one series: "
            + "per row, the spread of raw and calibration-normalised times (it helps only where the normalised spread is "
            + "at most a third of the raw)")
    boolean calibration;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (results.toString().isBlank()) {
            throw new IllegalArgumentException("--results is empty; name the results folder, e.g. --results results");
        }
        if (!Files.isDirectory(results)) {
            throw new FileNotFoundException(results + ": no such results folder; pass the folder that holds runs/ with --results");
        }
        History.Scan scan = History.scan(results);
        if (scan.runs().isEmpty()) {
            out.println("no runs under " + results.resolve("runs") + "; make one with `./oodbench bench` or `./oodbench eval`");
        } else if (calibration) {
            out.print(SameCodeRuns.calibrationText(scan.runs()));
        } else {
            out.print(History.render(scan.runs(), wide));
            out.println("(commit+ = uncommitted changes)");
        }
        for (String p : scan.problems()) spec.commandLine().getErr().println("history: " + p);
        int status = 0;
        if (changes && !scan.runs().isEmpty()) {
            HistoryChanges.Result found = HistoryChanges.find(scan.runs());
            out.println();
            out.print(HistoryChanges.render(found));
            status = found.currentRegressions().isEmpty() ? 0 : 1;
        }
        out.flush();
        return status;
    }
}
