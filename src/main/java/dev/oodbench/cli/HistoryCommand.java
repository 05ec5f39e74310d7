package dev.oodbench.cli;

import dev.oodbench.report.History;
import dev.oodbench.report.HistoryChanges;
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
        description = "List the runs in <results>/runs, oldest first, with version, commit, machine and headline numbers "
                + "(forward images/s at batch 256 on CPU, best and mean AUROC) per model.")
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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(results)) {
            throw new FileNotFoundException(results + ": no such results folder");
        }
        History.Scan scan = History.scan(results);
        if (scan.runs().isEmpty()) {
            out.println("no runs under " + results.resolve("runs") + "; make one with `./oodbench bench` or `./oodbench eval`");
        } else {
            out.print(History.render(scan.runs()));
            out.println("(commit+ = uncommitted changes; best AUROC = the detector with the highest mean over the OOD sets)");
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
