package dev.oodbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "metrics", mixinStandardHelpOptions = true, description = "(being built)")
public final class MetricsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("oodbench metrics: not built yet");
        return 2;
    }
}
