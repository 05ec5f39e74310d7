package dev.oodbench.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

class ProgressOutputTest {
    @Test
    void offATerminalTheBarPrintsPlainLines() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (ProgressBar bar = ProgressOutput.bar("scoring", 1000, " img", 1, true, new PrintStream(buf, true), false)) {
            for (int i = 0; i < 50; i++) {
                bar.stepBy(20);
                Thread.sleep(4);
            }
        }
        String s = buf.toString();
        assertFalse(s.contains("\r"), s);
        assertTrue(s.contains("scoring") && s.contains("1000/1000"), s);
        assertTrue(s.lines().count() <= 2, s);
        assertTrue(s.lines().distinct().count() == s.lines().count(), "no line twice: " + s);
    }

    @Test
    void aTestRunsStderrIsNotATerminal() {
        // surefire pipes the test JVM's stderr; the launcher passes its copy in oodbench.stderr.fd
        assertFalse(ProgressOutput.stderrIsTerminal());
    }
}
