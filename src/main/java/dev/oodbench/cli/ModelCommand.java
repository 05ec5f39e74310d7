package dev.oodbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "model", mixinStandardHelpOptions = true, description = "(being built)")
public final class ModelCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("oodbench model: not built yet");
        return 2;
    }
}
