package dev.oodbench.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Extracts one member of a .tar.gz (the CIFAR archives) without unpacking the rest. */
final class TarGz {
    private TarGz() {}

    static void extract(Path archive, String member, Path out) throws IOException {
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16))) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512 && header[0] != 0) {
                String name = new String(header, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
                long size;
                try {
                    size = Long.parseLong(new String(header, 124, 12, StandardCharsets.US_ASCII)
                            .replace("\0", "").trim(), 8);
                } catch (NumberFormatException e) {
                    size = -1;
                }
                if (size < 0) throw new DatasetFormatException(archive + ": corrupt tar header at member " + name);
                long padded = (size + 511) / 512 * 512;
                if (name.equals(member)) {
                    try (var o = Files.newOutputStream(out)) {
                        long left = size;
                        byte[] buf = new byte[1 << 16];
                        while (left > 0) {
                            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                            if (r < 0) throw new DatasetFormatException(archive + ": truncated at member " + member);
                            o.write(buf, 0, r);
                            left -= r;
                        }
                    }
                    return;
                }
                in.skipNBytes(padded);
            }
        } catch (ZipException | EOFException e) {
            throw new DatasetFormatException(archive + ": corrupt or truncated gzip data (" + e.getMessage()
                    + ") looking for member " + member + "; download it again");
        }
        throw new DatasetFormatException(archive + ": has no member " + member);
    }
}
