package dev.oodbench.suite;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What JMH prints during a run (its progress and the forks' output, which it passes on), line by line, less
 * the repeats: TensorFlow's two start-up lines that every fork prints (the launcher hides the same two for
 * its own process) and JMH's "REMEMBER" advice, printed after every combination, kept the first time only.
 */
final class JmhConsole extends OutputStream {
    /**
     * TensorFlow's start-up lines that no log level silences (the same two the {@code oodbench} launcher
     * filters), as a fork prints them: they may arrive in the middle of a line of JMH's (after
     * {@code # Warmup Iteration   1: }), which keeps its start.
     */
    static final List<Pattern> TENSORFLOW_STARTUP = List.of(
            Pattern.compile("WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR\r?\n"),
            Pattern.compile("[IWEF]\\d{4} [^\n]*MLIR V1 optimization pass is not enabled\r?\n"));

    private final PrintStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean adviceShown;
    private boolean inAdvice;

    JmhConsole(PrintStream out) {
        this.out = out;
    }

    /** A stream for JMH's text output that writes through this filter to {@code out}. */
    static PrintStream over(PrintStream out) {
        return new PrintStream(new JmhConsole(out), true, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void write(int b) {
        line.write(b);
        if (b == '\n') endLine();
    }

    @Override
    public synchronized void flush() {
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (line.size() > 0) endLine();
        out.flush();
    }

    private void endLine() {
        String s = line.toString(StandardCharsets.UTF_8);
        line.reset();
        String rest = s;
        for (Pattern p : TENSORFLOW_STARTUP) rest = p.matcher(rest).replaceAll("");
        if (!rest.equals(s) && !rest.endsWith("\n")) { // what came before the fork's line goes on
            line.writeBytes(rest.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (keep(rest)) out.print(rest);
    }

    private boolean keep(String s) {
        if (s.startsWith("REMEMBER: The numbers below are just data.")) {
            inAdvice = adviceShown;
            adviceShown = true;
        } else if (inAdvice && s.startsWith("Benchmark ")) {
            inAdvice = false; // the results table that follows the advice
        }
        return !inAdvice;
    }
}
