package dev.oodbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "history", mixinStandardHelpOptions = true, description = "(being built)")
public final class HistoryCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("oodbench history: not built yet");
        return 2;
    }
}
