package dev.oodbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "oodbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Speed and detection-quality benchmark for post-hoc OOD detectors.",
        subcommands = {DataCommand.class, ModelCommand.class, TrainCommand.class, DetectorsCommand.class,
                EvalCommand.class, MetricsCommand.class, BenchCommand.class, AbCommand.class, CompareCommand.class, ReportCommand.class,
                HistoryCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with oodbench's error handling: a failure is one line on stderr naming the
     * problem (set OODBENCH_DEBUG=1 for the stack trace) and exit status 2 (1 is kept for "ran, and found a
     * regression or a bad checksum").
     */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new Main());
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            String msg = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + msg.lines().findFirst().orElse(msg));
            if (System.getenv("OODBENCH_DEBUG") != null) ex.printStackTrace(c.getErr());
            return 2;
        });
        return cmd;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"oodbench " + (v == null ? "dev" : v)};
        }
    }
}
