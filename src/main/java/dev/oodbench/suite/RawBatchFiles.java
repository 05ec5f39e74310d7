package dev.oodbench.suite;

import dev.oodbench.data.Cifar10Binary;
import dev.oodbench.data.ImageSet;
import dev.oodbench.data.MnistIdx;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A batch of ID test images written back in their dataset's official file format (CIFAR binary
 * records, or MNIST IDX image and label files), so the pipeline benchmark starts from raw dataset
 * bytes and goes through the suite's own loaders (timed by JMH, or interleaved with the forward pass). Pixel values round-trip exactly (x = byte / 255).
 */
public final class RawBatchFiles {
    private RawBatchFiles() {}

    public static List<Path> write(ImageSet set, Path dir) throws IOException {
        Files.createDirectories(dir);
        if (set.channels() == 3 && set.height() == 32 && set.width() == 32) {
            Path f = dir.resolve("batch.bin");
            byte[] out = new byte[set.size() * 3073];
            int plane = 1024;
            for (int i = 0; i < set.size(); i++) {
                int o = i * 3073;
                out[o] = (byte) set.label(i);
                for (int p = 0; p < plane; p++) {
                    for (int c = 0; c < 3; c++) {
                        out[o + 1 + c * plane + p] = toByte(set.pixels()[(i * plane + p) * 3 + c]);
                    }
                }
            }
            Files.write(f, out);
            return List.of(f);
        }
        Path images = dir.resolve("images-idx3-ubyte");
        Path labels = dir.resolve("labels-idx1-ubyte");
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(images))) {
            o.writeInt(MnistIdx.IMAGE_MAGIC);
            o.writeInt(set.size());
            o.writeInt(set.height());
            o.writeInt(set.width());
            for (float v : set.pixels()) o.writeByte(toByte(v));
        }
        try (DataOutputStream o = new DataOutputStream(Files.newOutputStream(labels))) {
            o.writeInt(MnistIdx.LABEL_MAGIC);
            o.writeInt(set.size());
            for (int l : set.labels()) o.writeByte(l);
        }
        return List.of(images, labels);
    }

    /** Decodes the files written by {@link #write} with the suite's loaders. */
    public static ImageSet read(List<Path> files) throws IOException {
        return files.size() == 1 ? Cifar10Binary.read("raw", files)
                : MnistIdx.read("raw", files.get(0), files.get(1));
    }

    private static byte toByte(float v) {
        return (byte) Math.round(v * 255f);
    }
}
