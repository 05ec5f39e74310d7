package dev.oodbench.cli;

import dev.oodbench.results.Report;
import dev.oodbench.results.RunData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html (self-contained) and report.md with charts for one run, or several runs side by side.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", description = "run folders (results/runs/<run-id>)")
    List<Path> runs;

    @Option(names = "--out", description = "output folder (default: the first run's folder)")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<RunData> data = new ArrayList<>();
        for (Path p : runs) data.add(RunData.read(p));
        Path html = Report.write(data, out != null ? out : runs.get(0));
        System.out.println("wrote " + html + " and report.md");
        return 0;
    }
}
