package dev.oodbench.results;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Results files are never half-written: content goes to a temporary file in the target's folder,
 * which is moved over the target only when complete. On failure the temporary file is removed and
 * an existing target is left as it was.
 */
public final class AtomicFiles {
    /** Writes the file's content. */
    public interface Content {
        void write(Writer out) throws IOException;
    }

    private AtomicFiles() {}

    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                content.write(w);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    public static void writeString(Path target, String s) throws IOException {
        write(target, w -> w.write(s));
    }
}
