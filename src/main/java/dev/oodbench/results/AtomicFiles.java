package dev.oodbench.results;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Results files are never half-written: content goes to a temporary file in the target's folder
 * ({@code .<name>.<random>.tmp}), which is moved over the target with
 * {@code ATOMIC_MOVE, REPLACE_EXISTING} only once it is complete. On any exception or error the
 * temporary file is removed, the exception propagates, and an existing target is left as it was.
 * The new file keeps the permissions of the file it replaces, or gets {@code rw-r--r--}.
 */
public final class AtomicFiles {
    /** Writes a text file's content (UTF-8). */
    @FunctionalInterface
    public interface Content {
        void write(Writer out) throws IOException;
    }

    /** Writes a binary file's content. */
    @FunctionalInterface
    public interface BinaryContent {
        void write(OutputStream out) throws IOException;
    }

    private static final Set<PosixFilePermission> DEFAULT_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

    private AtomicFiles() {}

    /** Writes a UTF-8 text file atomically. */
    public static void write(Path target, Content content) throws IOException {
        writeBytes(target, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            content.write(w);
            w.flush();
        });
    }

    /** Writes a string as a UTF-8 text file atomically. */
    public static void writeString(Path target, String s) throws IOException {
        write(target, w -> w.write(s));
    }

    /** Writes bytes atomically. */
    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        writeBytes(target, out -> out.write(bytes));
    }

    /** Writes a binary file atomically. */
    public static void writeBytes(Path target, BinaryContent content) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException(abs + " is a folder; name a file to write (e.g. " + abs.resolve("out") + ")");
        }
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp;
        try {
            tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        } catch (IOException e) {
            throw named(abs, e);
        }
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                content.write(out);
            }
            setPermissions(tmp, abs);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException suppressed) {
                t.addSuppressed(suppressed);
            }
            if (t instanceof IOException e) throw named(abs, e);
            throw t;
        }
    }

    /**
     * A failed write as one line naming the file it was for (the operating system's "No space left on
     * device" names none) and what to do; an error that already names it is passed on as it is.
     */
    private static IOException named(Path target, IOException e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (msg.contains(target.toString())) return e;
        boolean full = msg.contains("No space left on device") || msg.contains("Disk quota exceeded");
        return new IOException(target + ": not written (" + msg + ")" + (full ? "; free some disk space (or choose a "
                + "results folder on another disk) and run again" : ""), e);
    }

    /** Temporary files are created rw-------: give the result its target's permissions or rw-r--r--. */
    private static void setPermissions(Path tmp, Path target) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        if (view == null) return;
        Set<PosixFilePermission> perms = Files.exists(target)
                ? Files.getPosixFilePermissions(target) : DEFAULT_PERMISSIONS;
        view.setPermissions(perms);
    }
}
