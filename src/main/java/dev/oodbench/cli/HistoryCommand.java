package dev.oodbench.cli;

import dev.oodbench.results.History;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true,
        description = "List the runs in results/runs with version, commit, machine and headline numbers.")
public final class HistoryCommand implements Callable<Integer> {
    @Option(names = "--results", defaultValue = "results", description = "results folder (default: ${DEFAULT-VALUE})")
    Path results;

    @Override
    public Integer call() throws Exception {
        var runs = History.runs(results);
        if (runs.isEmpty()) {
            System.out.println("no runs under " + results.resolve("runs") + "; make one with `mvn verify -Pbench` or `./oodbench bench`");
            return 0;
        }
        System.out.print(History.render(runs));
        return 0;
    }
}
