package dev.oodbench.cli;

import dev.oodbench.report.Report;
import dev.oodbench.report.ReportFolder;
import dev.oodbench.results.RunData;
import java.io.FileNotFoundException;
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
                + "one run, or several runs side by side (e.g. one per machine), into a folder of its own: the run "
                + "folders are only read.")
public final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RUN", description = "run folders (results/runs/<run-id>) or result files")
    List<Path> runs;

    @Option(names = "--out", paramLabel = "DIR",
            description = "output folder (default: <results>/reports/<run-id>, or <first>-vs-<second> for two runs); "
                    + "never inside a run folder")
    String out;

    @Option(names = "--results", defaultValue = "results", paramLabel = "DIR",
            description = "results folder whose reports/ holds the default output folder (default: ${DEFAULT-VALUE})")
    String results;

    @Option(names = "--replace", description = "write over a report already in the output folder")
    boolean replace;

    @Override
    public Integer call() throws Exception {
        if (out != null) ReportFolder.check(Path.of(out), "--out", runs, replace); // before any work
        if (out == null && results.isBlank()) throw new IllegalArgumentException("--results is empty; name a results folder");
        for (Path p : runs) {
            if (!Files.exists(p)) throw new FileNotFoundException(p + ": no such run folder or file");
        }
        List<RunData> data = new ArrayList<>();
        for (Path p : runs) data.add(RunData.read(p));
        Path dir = out != null ? Path.of(out)
                : ReportFolder.defaultFolder(Path.of(results), data.stream().map(RunData::label).toList());
        if (out == null) ReportFolder.check(dir, "the default folder", runs, replace);
        Path html = Report.write(data, dir);
        spec.commandLine().getOut().println("wrote " + html + " and " + dir.resolve(Report.MARKDOWN_FILE)
                + " (charts in " + dir.resolve(Report.FILES_DIR) + ")");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
