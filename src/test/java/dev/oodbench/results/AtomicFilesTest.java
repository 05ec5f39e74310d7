package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<Path> files() throws IOException {
        try (var s = Files.list(dir)) {
            return s.toList();
        }
    }

    @Test
    void aWriterThatThrowsMidwayLeavesNoTargetAndNoTemporaryFile() throws IOException {
        Path target = dir.resolve("accuracy.csv");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, w -> {
            w.write("schema_version,run_id\n1,");
            w.flush();
            throw new IOException("disk full");
        }));
        assertEquals(target.toAbsolutePath() + ": not written (disk full)", e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), files(), "no temporary file left");
    }

    @Test
    void anUncheckedFailureAlsoCleansUp() throws IOException {
        Path target = dir.resolve("x.csv");
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, w -> {
            w.write("half");
            throw new IllegalStateException("bug");
        }));
        assertThrows(AssertionError.class, () -> AtomicFiles.writeBytes(target, out -> {
            out.write(1);
            throw new AssertionError("error, not exception");
        }));
        assertEquals(List.of(), files());
    }

    @Test
    void anExistingTargetStaysIntactWhenAWriteFails() throws IOException {
        Path target = dir.resolve("performance.csv");
        Files.writeString(target, "old content\n");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, w -> {
            w.write("new partial content");
            throw new IOException("boom");
        }));
        assertEquals("old content\n", Files.readString(target));
        assertEquals(List.of(target), files());
    }

    @Test
    void aSuccessfulWriteReplacesTheTargetAndIsReadableByOthers() throws IOException {
        Path target = dir.resolve("sub/dir/run.properties");
        AtomicFiles.writeString(target, "a");
        AtomicFiles.writeString(target, "b");
        assertEquals("b", Files.readString(target));
        try (var s = Files.list(target.getParent())) {
            assertEquals(1, s.count());
        }
        if (Files.getFileStore(target).supportsFileAttributeView("posix")) {
            assertTrue(Files.getPosixFilePermissions(target).containsAll(PosixFilePermissions.fromString("rw-r--r--")),
                    "not the temporary file's rw-------");
        }
    }

    @Test
    void aFullDiskNamesTheFileAndTheFix() throws IOException {
        Path target = dir.resolve("performance.csv");
        // the operating system's own words, which name no file
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, w -> {
            throw new IOException("No space left on device");
        }));
        assertEquals(target.toAbsolutePath() + ": not written (No space left on device); free some disk space (or choose "
                + "a results folder on another disk) and run again", e.getMessage());
        assertEquals(List.of(), files(), "no temporary file left");
    }

    @Test
    void aFolderAsTheTargetIsRefusedBeforeAnyTemporaryFileIsMade() throws IOException {
        // e.g. compare --csv /tmp: the temporary file belongs beside the target, not in the folder above it
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(dir, "x"));
        assertEquals(dir.toAbsolutePath() + " is a folder; name a file to write (e.g. " + dir.toAbsolutePath().resolve("out")
                + ")", e.getMessage());
        assertEquals(List.of(), files());
        try (var above = Files.list(dir.getParent())) {
            assertEquals(List.of(), above.filter(p -> p.getFileName().toString().startsWith("." + dir.getFileName())).toList());
        }
    }
}
