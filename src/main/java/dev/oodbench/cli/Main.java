package dev.oodbench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "oodbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Speed and detection-quality benchmark for post-hoc OOD detectors.",
        subcommands = {DataCommand.class, ModelCommand.class, TrainCommand.class, DetectorsCommand.class,
                EvalCommand.class, MetricsCommand.class, BenchCommand.class, CompareCommand.class, ReportCommand.class,
                HistoryCommand.class, CommandLine.HelpCommand.class})
public final class Main {
    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"oodbench " + (v == null ? "dev" : v)};
        }
    }
}
