package dev.oodbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "report", mixinStandardHelpOptions = true, description = "(being built)")
public final class ReportCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("oodbench report: not built yet");
        return 2;
    }
}
