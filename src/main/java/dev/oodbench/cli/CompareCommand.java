package dev.oodbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "compare", mixinStandardHelpOptions = true, description = "(being built)")
public final class CompareCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("oodbench compare: not built yet");
        return 2;
    }
}
