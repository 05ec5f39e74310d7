package dev.oodbench.eval;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * One cache file of this package (fit data, training-map summaries): written whole or not at all,
 * and ending with the CRC-32 of everything before it, so a damaged file (a truncated copy, a flipped
 * bit, a region overwritten with other values) is found on reading and recomputed, never trusted.
 */
final class CacheFile {
    /** Writes a cache file's content. */
    @FunctionalInterface
    interface Content {
        void write(DataOutputStream out) throws IOException;
    }

    private CacheFile() {}

    /**
     * Writes {@code content} and its CRC-32 to a temporary file in {@code file}'s folder, readable by
     * everyone like any other build output (a temporary file starts as 0600), then moves it over
     * {@code file}; on any failure the temporary file is removed and {@code file} is left as it was.
     */
    static void write(Path file, Content content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            CRC32 crc = new CRC32();
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
                DataOutputStream checked = new DataOutputStream(new CheckedOutputStream(out, crc));
                content.write(checked);
                checked.flush();
                out.writeLong(crc.getValue());
            }
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * The content of a cache file written by {@link #write}, after its checksum is verified.
     *
     * @throws IOException when the file cannot be read or its checksum does not match its content
     */
    static DataInputStream read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < 8) throw new IOException(file + ": damaged cache file (" + b.length + " bytes)");
        CRC32 crc = new CRC32();
        crc.update(b, 0, b.length - 8);
        if (ByteBuffer.wrap(b, b.length - 8, 8).getLong() != crc.getValue()) {
            throw new IOException(file + ": damaged cache file (checksum)");
        }
        return new DataInputStream(new ByteArrayInputStream(b, 0, b.length - 8));
    }

    /** Removes a damaged cache file; one that cannot be removed is overwritten (or left) by the next write. */
    static void discard(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // rewritten (or, in a read-only folder, recomputed each time): never trusted
        }
    }
}
