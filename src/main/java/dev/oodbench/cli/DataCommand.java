package dev.oodbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "data", mixinStandardHelpOptions = true, description = "(being built)")
public final class DataCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("oodbench data: not built yet");
        return 2;
    }
}
