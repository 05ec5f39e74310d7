package dev.oodbench.cli;

import dev.oodbench.detect.DetectorCatalog;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

@Command(name = "detectors", mixinStandardHelpOptions = true,
        description = "List every detector with its default parameters, whether it needs a fit, and its paper.")
public final class DetectorsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.out.printf("%-14s %-34s %-5s %-6s %s%n", "detector", "defaults", "fit", "cheap", "paper");
        for (DetectorCatalog.Entry e : DetectorCatalog.entries()) {
            String defaults = e.defaults().entrySet().stream().map(x -> x.getKey() + "=" + x.getValue())
                    .collect(Collectors.joining(","));
            boolean fit = DetectorCatalog.create(e.name()).needsFit();
            System.out.printf("%-14s %-34s %-5s %-6s %s%n", e.name(), defaults.isEmpty() ? "-" : defaults,
                    fit ? "yes" : "no", e.cheap() ? "yes" : "no", e.paper());
        }
        System.out.println("Use as --detectors name:key=value,... (e.g. vim:dim=32,knn:k=10); 'all' and 'cheap' select groups.");
        return 0;
    }
}
