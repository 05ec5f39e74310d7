package dev.oodbench.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the MNIST IDX format (images magic 2051, labels magic 2049, big-endian, uint8), plain or
 * gzip-compressed. MNIST, Fashion-MNIST, KMNIST and the notMNIST sample all ship in it. Pixels are
 * scaled to [0,1]; images are 28x28x1.
 */
public final class MnistIdx {
    public static final int IMAGE_MAGIC = 2051;
    public static final int LABEL_MAGIC = 2049;

    private MnistIdx() {}

    /** Every IDX set of the catalog has 10 classes (digits, clothes, letters A-J). */
    public static final int CLASSES = 10;

    public static ImageSet read(String name, Path images, Path labels) throws IOException {
        int[] lab = readLabels(labels);
        try (DataInputStream in = open(images)) {
            int magic = in.readInt();
            if (magic != IMAGE_MAGIC) {
                throw new DatasetFormatException(images + ": not an IDX image file (magic " + magic + ", expected "
                        + IMAGE_MAGIC + "); re-download it");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n <= 0) {
                throw new DatasetFormatException(images + ": corrupt header (image count " + Integer.toUnsignedString(n)
                        + (n == 0 ? ", no images" : ", more than an IDX file can hold") + "); re-download it");
            }
            if (n != lab.length) {
                throw new DatasetFormatException(images + ": holds " + n + " images but " + labels + " holds "
                        + lab.length + " labels; the two files do not belong together");
            }
            if (rows <= 0 || cols <= 0 || rows > 4096 || cols > 4096) {
                throw new DatasetFormatException(images + ": implausible image size " + rows + "x" + cols);
            }
            byte[] raw = readData(in, images, (long) n * rows * cols, n + " images of " + rows + "x" + cols);
            float[] px = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                px[i] = (raw[i] & 0xFF) / 255f;
            }
            return new ImageSet(name, rows, cols, 1, px, lab);
        } catch (ZipException | EOFException e) {
            throw corrupt(images, e);
        }
    }

    static int[] readLabels(Path labels) throws IOException {
        try (DataInputStream in = open(labels)) {
            int magic = in.readInt();
            if (magic != LABEL_MAGIC) {
                throw new DatasetFormatException(labels + ": not an IDX label file (magic " + magic + ", expected "
                        + LABEL_MAGIC + "); re-download it");
            }
            int n = in.readInt();
            if (n <= 0) {
                throw new DatasetFormatException(labels + ": corrupt header (label count " + Integer.toUnsignedString(n)
                        + (n == 0 ? ", no labels" : ", more than an IDX file can hold") + "); re-download it");
            }
            byte[] raw = readData(in, labels, n, n + " labels");
            int[] out = new int[n];
            int bad = 0;
            int first = -1;
            for (int i = 0; i < n; i++) {
                out[i] = raw[i] & 0xFF;
                if (out[i] >= CLASSES && bad++ == 0) first = i;
            }
            if (bad > 0) {
                throw new DatasetFormatException(labels + ": " + bad + " of " + n + " labels lie outside 0.." + (CLASSES - 1)
                        + " (the first, label " + out[first] + ", at position " + first + "); the file is corrupt: re-download it");
            }
            return out;
        } catch (ZipException | EOFException e) {
            throw corrupt(labels, e);
        }
    }

    private static DatasetFormatException corrupt(Path file, IOException e) {
        return new DatasetFormatException(file + ": " + (e instanceof EOFException ? "empty or truncated" : "corrupt")
                + " IDX" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")") + "; re-download it");
    }

    /**
     * The {@code bytes} data bytes the header announces ({@code what}), checked against what the file
     * really holds before anything that size is allocated: a plain file against its size, a gzip one
     * by reading no more than is there (memory grows with the data, never with the header's claim).
     */
    private static byte[] readData(DataInputStream in, Path file, long bytes, String what) throws IOException {
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new DatasetFormatException(file + ": header claims " + what + " (" + bytes + " bytes), more than "
                    + "an IDX file of this suite can hold; the file is corrupt: re-download it");
        }
        if (!gzipped(file) && Files.size(file) < bytes) {
            throw new DatasetFormatException(file + ": header claims " + what + " (" + bytes + " bytes) but the file "
                    + "has " + Files.size(file) + " bytes; it is corrupt or truncated: re-download it");
        }
        byte[] raw = in.readNBytes((int) bytes);
        if (raw.length < bytes) {
            throw new DatasetFormatException(file + ": truncated (header claims " + what + ", " + bytes
                    + " data bytes; the file holds " + raw.length + "); re-download it");
        }
        return raw;
    }

    private static boolean gzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new FileNotFoundException(file + ": file not found");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            try {
                raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            } catch (IOException e) {
                throw new DatasetFormatException(file + ": corrupt gzip header; re-download it");
            }
        }
        return new DataInputStream(raw);
    }
}
