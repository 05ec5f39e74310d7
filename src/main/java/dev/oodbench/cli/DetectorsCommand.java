package dev.oodbench.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "detectors", mixinStandardHelpOptions = true, description = "(being built)")
public final class DetectorsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("oodbench detectors: not built yet");
        return 2;
    }
}
