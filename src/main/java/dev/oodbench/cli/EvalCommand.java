package dev.oodbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "eval", mixinStandardHelpOptions = true, description = "(being built)")
public final class EvalCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("oodbench eval: not built yet");
        return 2;
    }
}
