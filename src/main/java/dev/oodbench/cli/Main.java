package dev.oodbench.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

@Command(name = "oodbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Speed and detection-quality benchmark for post-hoc OOD detectors.")
public final class Main {
    /**
     * The subcommands by name, in help order. Only the one named on the command line is built (picocli
     * reflects over every option of every command it is given, which took 0.3-0.5 s of a short command
     * such as {@code metrics} here); help, no command or an unknown one get them all.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("data", DataCommand::new);
        COMMANDS.put("model", ModelCommand::new);
        COMMANDS.put("train", TrainCommand::new);
        COMMANDS.put("detectors", DetectorsCommand::new);
        COMMANDS.put("eval", EvalCommand::new);
        COMMANDS.put("metrics", MetricsCommand::new);
        COMMANDS.put("bench", BenchCommand::new);
        COMMANDS.put("ab", AbCommand::new);
        COMMANDS.put("compare", CompareCommand::new);
        COMMANDS.put("report", ReportCommand::new);
        COMMANDS.put("history", HistoryCommand::new);
        COMMANDS.put("bisect", BisectCommand::new);
    }

    /** Read by the {@code oodbench} launcher before the JVM starts (TensorFlow logs from native code at load). */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "show TensorFlow's native log lines, which the launcher otherwise hides")
    boolean verbose;

    public static void main(String[] args) {
        FileDescriptor err = inheritedStderr();
        if (err != null) System.setErr(new PrintStream(new FileOutputStream(err), true));
        System.exit(commandLine(args).execute(args));
    }

    /**
     * The launcher's untouched copy of stderr: the descriptor number in {@code -Doodbench.stderr.fd}, used as
     * inherited (opening {@code /dev/fd/N} would make a second file description with its own offset, and with
     * {@code > log 2>&1} stdout's writes would overwrite these lines). Null, keeping stderr as it is, without
     * the property or without the launcher's {@code --add-opens java.base/java.io}.
     */
    static FileDescriptor inheritedStderr() {
        String n = System.getProperty("oodbench.stderr.fd");
        if (n == null) return null;
        try {
            FileDescriptor d = new FileDescriptor();
            Field fd = FileDescriptor.class.getDeclaredField("fd");
            fd.setAccessible(true);
            fd.setInt(d, Integer.parseInt(n));
            return d;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The command line with every subcommand. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args} (with only the subcommand they name, see {@link #COMMANDS}) with
     * oodbench's error handling: a failure is one line on stderr naming the
     * problem (set OODBENCH_DEBUG=1 for the stack trace) and exit status 2 (1 is kept for "ran, and found a
     * regression or a bad checksum"). That holds for bad options (one line and a hint, no usage
     * dump) and for {@link Error}s such as {@link OutOfMemoryError} too.
     */
    public static CommandLine commandLine(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        String named = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().orElse("");
        if (COMMANDS.containsKey(named)) {
            cmd.addSubcommand(named, COMMANDS.get(named).get());
        } else {
            COMMANDS.forEach((name, command) -> cmd.addSubcommand(name, command.get()));
            cmd.addSubcommand("help", new CommandLine.HelpCommand());
        }
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> fail(c, ex));
        cmd.setParameterExceptionHandler((ex, given) -> {
            CommandLine c = ex.getCommandLine();
            String name = c.getCommandSpec().qualifiedName();
            String hint = ex instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()
                    ? "; did you mean " + String.join(" or ", u.getSuggestions()) + "?" : "";
            c.getErr().println(name + ": " + firstLine(ex) + hint + " (" + name + " --help lists the options)");
            return 2;
        });
        CommandLine.IExecutionStrategy run = new CommandLine.RunLast();
        cmd.setExecutionStrategy(parseResult -> {
            try {
                return run.execute(parseResult);
            } catch (Error e) {
                return fail(parseResult.commandSpec().commandLine(), e);
            }
        });
        return cmd;
    }

    private static int fail(CommandLine c, Throwable ex) {
        String msg = firstLine(ex);
        if (ex instanceof OutOfMemoryError) {
            msg = "out of memory (" + msg + "); give Java more heap, e.g. OODBENCH_JAVA_OPTS=-Xmx16g ./oodbench ...";
        } else if (ex instanceof Error) {
            msg = ex.getClass().getSimpleName() + ": " + msg;
        }
        c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + msg);
        if (System.getenv("OODBENCH_DEBUG") != null) ex.printStackTrace(c.getErr());
        c.getErr().flush();
        return 2;
    }

    private static String firstLine(Throwable ex) {
        String msg = ex.getMessage() == null || ex.getMessage().isBlank() ? ex.toString() : ex.getMessage();
        return printable(msg.lines().findFirst().orElse(msg));
    }

    /**
     * {@code s} safe to print on a terminal: control characters (escape sequences from a corrupt file's
     * member name, a hostile path) as {@code \xNN}, undecodable bytes as {@code ?}.
     */
    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || (c >= 0x7f && c < 0xa0)) b.append(String.format("\\x%02x", c));
            else if (c == 0xfffd) b.append('?');
            else b.appendCodePoint(c);
        });
        return b.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"oodbench " + (v == null ? "dev" : v)};
        }
    }
}
