package dev.oodbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/** Each loader on fixtures in its official format, and each kind of broken file. */
class LoadersTest {
    @TempDir
    Path dir;

    @Test
    void idxPlainAndGzipGiveTheSamePixels() throws IOException {
        byte[] img = Fixtures.idxImages(12, 28, 28);
        byte[] lab = Fixtures.idxLabels(12);
        ImageSet plain = MnistIdx.read("p", Fixtures.write(dir, "i", img), Fixtures.write(dir, "l", lab));
        ImageSet gz = MnistIdx.read("g", Fixtures.write(dir, "i.gz", Fixtures.gzip(img)), Fixtures.write(dir, "l.gz", Fixtures.gzip(lab)));
        assertEquals(12, plain.size());
        assertEquals(28, plain.height());
        assertEquals(1, plain.channels());
        assertArrayEquals(plain.pixels(), gz.pixels());
        // image 3, row 2, col 5: (21 + 6 + 5) = 32
        assertEquals(32 / 255f, plain.pixels()[3 * 784 + 2 * 28 + 5], 0);
        assertEquals(7, plain.label(7));
    }

    @Test
    void idxWrongMagicTruncationAndCountMismatchAreClearErrors() throws IOException {
        byte[] img = Fixtures.idxImages(5, 28, 28);
        Path labels = Fixtures.write(dir, "l", Fixtures.idxLabels(5));
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> MnistIdx.read("x", labels, labels));
        assertTrue(e.getMessage().contains("magic 2049, expected 2051"), e.getMessage());
        Path truncated = Fixtures.write(dir, "t", Arrays.copyOf(img, img.length - 100));
        e = assertThrows(DatasetFormatException.class, () -> MnistIdx.read("x", truncated, labels));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path truncatedGz = Fixtures.write(dir, "t.gz", Arrays.copyOf(Fixtures.gzip(img), 300));
        e = assertThrows(DatasetFormatException.class, () -> MnistIdx.read("x", truncatedGz, labels));
        assertTrue(e.getMessage().contains("re-download"), e.getMessage());
        Path six = Fixtures.write(dir, "l6", Fixtures.idxLabels(6));
        e = assertThrows(DatasetFormatException.class, () -> MnistIdx.read("x", Fixtures.write(dir, "i", img), six));
        assertTrue(e.getMessage().contains("holds 5 images but"), e.getMessage());
    }

    @Test
    void cifar10BinaryIsDecodedToNhwc() throws IOException {
        Path f = Fixtures.write(dir, "b.bin", Fixtures.cifarRecords(4, 1, 0));
        ImageSet s = Cifar10Binary.read("c", List.of(f, f));
        assertEquals(8, s.size());
        assertEquals(3, s.channels());
        // image 2, pixel 40 (row 1, col 8): R = 42, G = 92, B = 142
        int o = (2 * 1024 + 40) * 3;
        assertEquals(42 / 255f, s.pixels()[o], 0);
        assertEquals(92 / 255f, s.pixels()[o + 1], 0);
        assertEquals(142 / 255f, s.pixels()[o + 2], 0);
        assertEquals(2, s.label(2));
    }

    @Test
    void cifar100TakesTheFineLabel() throws IOException {
        Path f = Fixtures.write(dir, "test.bin", Fixtures.cifarRecords(3, 2, 3)); // coarse i, fine i + 3
        ImageSet s = Cifar10Binary.read("c100", List.of(f), 2, 1, 100);
        assertArrayEquals(new int[] {3, 4, 5}, s.labels());
    }

    @Test
    void cifarTruncatedOrBadLabelIsAClearError() throws IOException {
        byte[] recs = Fixtures.cifarRecords(2, 1, 0);
        Path truncated = Fixtures.write(dir, "t.bin", Arrays.copyOf(recs, recs.length - 1));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Cifar10Binary.read("c", List.of(truncated)));
        assertTrue(e.getMessage().contains("not a whole number"), e.getMessage());
        recs[3073] = 42;
        Path badLabel = Fixtures.write(dir, "l.bin", recs);
        e = assertThrows(DatasetFormatException.class, () -> Cifar10Binary.read("c", List.of(badLabel)));
        assertTrue(e.getMessage().contains("label 42"), e.getMessage());
        assertThrows(java.io.FileNotFoundException.class, () -> Cifar10Binary.read("c", List.of(dir.resolve("none.bin"))));
    }

    @Test
    void svhnMatIsReadColumnMajorWithTenMeaningZero() throws IOException {
        int n = 3;
        Matrix x = Mat5.newMatrix(new int[] {32, 32, 3, n}, MatlabType.UInt8);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < 3; ch++) {
                for (int col = 0; col < 32; col++) {
                    for (int row = 0; row < 32; row++) {
                        x.setByte(row + 32 * (col + 32 * (ch + 3 * i)), (byte) (row + 2 * col + 10 * ch + i));
                    }
                }
            }
        }
        Matrix y = Mat5.newMatrix(n, 1);
        y.setDouble(0, 10);
        y.setDouble(1, 1);
        y.setDouble(2, 9);
        MatFile mat = Mat5.newMatFile().addArray("X", x).addArray("y", y);
        Path f = dir.resolve("test_32x32.mat");
        Mat5.writeToFile(mat, f.toFile());
        ImageSet s = SvhnMat.read("svhn", f);
        assertArrayEquals(new int[] {0, 1, 9}, s.labels());
        // image 1, row 4, col 5, channel 2: 4 + 10 + 20 + 1 = 35
        assertEquals(35 / 255f, s.pixels()[((32 + 4) * 32 + 5) * 3 + 2], 0);
        Path notMat = Fixtures.write(dir, "bad.mat", "not a mat file at all".getBytes());
        assertThrows(DatasetFormatException.class, () -> SvhnMat.read("svhn", notMat));
    }

    private static byte[] png(int w, int h, int grey) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, grey);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(img, "png", b);
        return b.toByteArray();
    }

    @Test
    void imageFolderLabelsBySubfolderAndResizes() throws IOException {
        Fixtures.write(dir, "set/cat/a.png", png(10, 10, 255));
        Fixtures.write(dir, "set/dog/b.png", png(20, 20, 0));
        Fixtures.write(dir, "set/cat/c.png", png(10, 10, 51));
        ImageSet s = ImageArchive.read("f", dir.resolve("set"), 5, 5, true);
        assertEquals(3, s.size());
        assertEquals(5, s.height());
        assertArrayEquals(new int[] {0, 0, 1}, s.labels()); // cat/a, cat/c, dog/b
        assertEquals(1f, s.pixels()[0], 1e-6);
        assertEquals(0.2f, s.pixels()[25], 1e-6);
        assertEquals(0f, s.pixels()[50], 1e-6);
    }

    @Test
    void tarOfPngsIsRead() throws IOException {
        Path tar = dir.resolve("images.tar");
        Fixtures.write(dir, "run01/item01.png", png(8, 8, 255));
        Fixtures.write(dir, "run01/item02.png", png(8, 8, 0));
        Process p = new ProcessBuilder("tar", "-cf", tar.toString(), "-C", dir.toString(), "run01").start();
        try {
            assertEquals(0, p.waitFor());
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        ImageSet s = ImageArchive.read("t", tar, 4, 4, false);
        assertEquals(2, s.size());
        assertEquals(-1, s.label(0));
        assertEquals(1f, s.pixels()[0], 1e-6);
        assertEquals(0f, s.pixels()[16], 1e-6);
    }
}
