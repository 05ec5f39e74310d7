package dev.oodbench.cli;

import dev.oodbench.report.Report;
import dev.oodbench.results.RunData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html (self-contained, charts embedded) and report.md (charts in report-files/) for "
                + "one run, or several runs side by side (e.g. one per machine).")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "run folders (results/runs/<run-id>) or result files")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: the first run's folder)")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<RunData> data = new ArrayList<>();
        for (Path p : runs) data.add(RunData.read(p));
        Path dir = out != null ? out : Files.isDirectory(runs.get(0)) ? runs.get(0)
                : runs.get(0).toAbsolutePath().getParent();
        Path html = Report.write(data, dir);
        spec.commandLine().getOut().println("wrote " + html + " and " + dir.resolve(Report.MARKDOWN_FILE)
                + " (charts in " + dir.resolve(Report.FILES_DIR) + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
