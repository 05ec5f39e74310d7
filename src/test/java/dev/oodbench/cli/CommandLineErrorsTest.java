package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Help texts, bad options and Errors: one line on stderr and exit status 2, never a usage dump or a trace. */
class CommandLineErrorsTest {
    final Captured cli = new Captured();
    final StringWriter out = cli.out;
    final StringWriter err = cli.err;

    private int run(CommandLine cmd, String... args) {
        return cli.run(cmd, args);
    }

    @Test
    void helpWithPercentSignsHasNoPicocliWarnings() {
        for (String c : new String[] {"eval", "metrics"}) {
            PrintStream old = System.err;
            ByteArrayOutputStream sysErr = new ByteArrayOutputStream();
            System.setErr(new PrintStream(sysErr, true));
            try {
                assertEquals(0, run(Main.commandLine(), c, "--help"));
            } finally {
                System.setErr(old);
            }
            assertFalse(sysErr.toString().contains("picocli WARN"), sysErr.toString());
            assertTrue(out.toString().contains("95% intervals"), out.toString());
        }
    }

    @Test
    void anUnknownOptionIsOneLineWithAHint() {
        assertEquals(2, run(Main.commandLine(), "eval", "--model", "mnist04-convnet", "--oods", "gaussian"));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("oodbench eval: Unknown options: '--oods'") && e.contains("did you mean --ood?"), e);
        assertTrue(e.contains("--help"), e);
        assertEquals("", out.toString());
    }

    @Test
    void verboseIsAcceptedByEveryCommand() {
        assertEquals(0, run(Main.commandLine(), "detectors", "--verbose"));
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new OutOfMemoryError("Requested array size exceeds VM limit");
        }
    }

    @Test
    void anErrorReachingTheCommandLineIsOneLine() {
        CommandLine cmd = Main.commandLine();
        cmd.addSubcommand("boom", new Boom());
        assertEquals(2, run(cmd, "boom"));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("out of memory (Requested array size exceeds VM limit)") && e.contains("-Xmx"), e);
    }
}
