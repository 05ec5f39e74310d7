package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An error line never carries raw control bytes to the terminal, whatever the hostile input held. */
class ErrorLineTest {
    @TempDir
    Path dir;

    @Test
    void controlCharactersInAnErrorAreShownEscaped() {
        Captured cli = new Captured();
        String hostile = dir.resolve("run\u001b[2J\u0007\u009b31m").toString();
        assertEquals(2, cli.run("compare", hostile, dir.toString()));
        String err = cli.err.toString().strip();
        assertEquals(1, err.lines().count(), err);
        assertFalse(err.chars().anyMatch(c -> c < 0x20 || c >= 0x7f && c < 0xa0), "no raw control byte: " + err);
        assertTrue(err.contains("run\\x1b[2J\\x07\\x9b31m"), err);
    }
}
