package dev.oodbench.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress bars on stderr, shared by downloads and the command line. On a terminal the bar redraws
 * itself in place; when stderr is a file or a pipe (CI logs, {@code 2> file}) it prints a plain line
 * every {@link #PLAIN_LINE_MILLIS} ms instead of hundreds of carriage-return frames.
 */
public final class ProgressOutput {
    /** How often a plain (non-terminal) progress line is printed. */
    public static final int PLAIN_LINE_MILLIS = 15_000;

    private ProgressOutput() {}

    /** A bar on {@code System.err}, redrawn on a terminal and plain lines elsewhere. */
    public static ProgressBar bar(String task, long max, String unit, long unitSize, boolean speed) {
        return bar(task, max, unit, unitSize, speed, System.err, stderrIsTerminal());
    }

    static ProgressBar bar(String task, long max, String unit, long unitSize, boolean speed, PrintStream err,
                           boolean terminal) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUnit(unit, unitSize);
        if (speed) b.showSpeed();
        if (terminal) {
            b.setConsumer(new ConsoleProgressBarConsumer(err));
        } else {
            String[] last = {""};
            b.setConsumer(new DelegatingProgressBarConsumer(line -> {
                if (!line.strip().equals(last[0])) err.println(last[0] = line.strip()); // closing repeats the last frame
            }, 120)).setUpdateIntervalMillis(PLAIN_LINE_MILLIS);
        }
        return b.build();
    }

    /**
     * Whether stderr is a terminal: the file behind it (the descriptor in {@code -Doodbench.stderr.fd}, set by
     * the launcher, else descriptor 2) resolves to a tty or pseudo-terminal device.
     */
    public static boolean stderrIsTerminal() {
        String f = "/proc/self/fd/" + System.getProperty("oodbench.stderr.fd", "2");
        try {
            String real = Path.of(f).toRealPath().toString();
            return real.startsWith("/dev/pts/") || real.startsWith("/dev/tty");
        } catch (IOException | RuntimeException e) {
            return false; // a pipe (pipe:[n]) or not Linux: plain lines are the safe choice
        }
    }
}
