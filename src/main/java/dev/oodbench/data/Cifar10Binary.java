package dev.oodbench.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Reads the CIFAR binary format: records of label byte(s) then 1024 R, 1024 G and 1024 B bytes,
 * each plane row-major. CIFAR-10 has one label byte per record; CIFAR-100 has two (coarse, fine)
 * and {@code labelBytes = 2, labelIndex = 1} picks the fine label. Pixels become NHWC in [0,1].
 */
public final class Cifar10Binary {
    private static final int PLANE = 32 * 32;
    private static final int IMAGE = 3 * PLANE;

    private Cifar10Binary() {}

    public static ImageSet read(String name, List<Path> files) throws IOException {
        return read(name, files, 1, 0, 10);
    }

    public static ImageSet read(String name, List<Path> files, int labelBytes, int labelIndex, int classes)
            throws IOException {
        int record = labelBytes + IMAGE;
        long total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new FileNotFoundException(f + ": file not found");
            }
            long size = Files.size(f);
            if (size == 0 || size % record != 0) {
                throw new DatasetFormatException(f + ": size " + size + " is not a whole number of " + record
                        + "-byte CIFAR records (truncated or not a CIFAR binary file); re-download it");
            }
            total += size / record;
        }
        int n = Math.toIntExact(total);
        float[] px = new float[n * IMAGE];
        int[] labels = new int[n];
        float[] lut = new float[256];
        for (int i = 0; i < 256; i++) lut[i] = i / 255f;
        int idx = 0;
        byte[] rec = new byte[record];
        for (Path f : files) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                while (buf.remaining() >= record) {
                    buf.get(rec);
                    int label = rec[labelIndex] & 0xFF;
                    if (label >= classes) {
                        throw new DatasetFormatException(f + ": record " + idx + " has label " + label
                                + ", outside 0.." + (classes - 1) + " (corrupt file); re-download it");
                    }
                    labels[idx] = label;
                    int base = idx * IMAGE;
                    for (int p = 0; p < PLANE; p++) {
                        int o = base + p * 3;
                        px[o] = lut[rec[labelBytes + p] & 0xFF];
                        px[o + 1] = lut[rec[labelBytes + PLANE + p] & 0xFF];
                        px[o + 2] = lut[rec[labelBytes + 2 * PLANE + p] & 0xFF];
                    }
                    idx++;
                }
            }
        }
        return new ImageSet(name, 32, 32, 3, px, labels);
    }
}
