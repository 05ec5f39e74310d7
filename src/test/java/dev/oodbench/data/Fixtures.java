package dev.oodbench.data;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small dataset files in their official formats, written by the tests themselves. */
final class Fixtures {
    private Fixtures() {}

    /** IDX images whose pixel (i, r, c) = (i * 7 + r * 3 + c) mod 256, and labels i mod 10. */
    static byte[] idxImages(int n, int rows, int cols) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(MnistIdx.IMAGE_MAGIC);
        o.writeInt(n);
        o.writeInt(rows);
        o.writeInt(cols);
        for (int i = 0; i < n; i++) for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) o.writeByte((i * 7 + r * 3 + c) % 256);
        return b.toByteArray();
    }

    static byte[] idxLabels(int n) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        o.writeInt(MnistIdx.LABEL_MAGIC);
        o.writeInt(n);
        for (int i = 0; i < n; i++) o.writeByte(i % 10);
        return b.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(b)) {
            g.write(raw);
        }
        return b.toByteArray();
    }

    /** CIFAR records: label bytes then R, G, B planes; plane value of pixel p = (i + p + 50 * channel) mod 256. */
    static byte[] cifarRecords(int n, int labelBytes, int labelOffset) {
        int rec = labelBytes + 3072;
        byte[] out = new byte[n * rec];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < labelBytes; l++) out[i * rec + l] = (byte) ((i + labelOffset * l) % 10);
            for (int ch = 0; ch < 3; ch++) {
                for (int p = 0; p < 1024; p++) out[i * rec + labelBytes + ch * 1024 + p] = (byte) ((i + p + 50 * ch) % 256);
            }
        }
        return out;
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }
}
