package dev.oodbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile dataset files: each is one clear DatasetFormatException naming the file (and member), never an Error. */
class CorruptFilesTest {
    @TempDir
    Path dir;

    private static byte[] idxHeader(int... ints) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(b);
        for (int i : ints) o.writeInt(i);
        o.write(new byte[64]);
        return b.toByteArray();
    }

    private DatasetFormatException fails(Path images, Path labels) {
        return assertThrows(DatasetFormatException.class, () -> MnistIdx.read("x", images, labels));
    }

    @Test
    void aLabelCountBeyondTheFileIsCheckedBeforeAllocating() throws IOException {
        Path img = Fixtures.write(dir, "i", Fixtures.idxImages(2, 28, 28));
        for (String name : new String[] {"l", "l.gz"}) {
            byte[] lab = idxHeader(MnistIdx.LABEL_MAGIC, Integer.MAX_VALUE);
            Path l = Fixtures.write(dir, name, name.endsWith(".gz") ? Fixtures.gzip(lab) : lab);
            DatasetFormatException e = fails(img, l);
            assertTrue(e.getMessage().startsWith(l.toString()) && e.getMessage().contains("2147483647 labels"), e.getMessage());
        }
    }

    @Test
    void anImageHeaderWhoseSizeOverflowsAnIntIsRejected() throws IOException {
        Path l = Fixtures.write(dir, "l", Fixtures.idxLabels(10000));
        Path i = Fixtures.write(dir, "i.gz", Fixtures.gzip(idxHeader(MnistIdx.IMAGE_MAGIC, 10000, 4096, 4096)));
        DatasetFormatException e = fails(i, l);
        assertTrue(e.getMessage().contains("167772160000 bytes"), e.getMessage());
    }

    @Test
    void emptyAndCorruptGzipFilesNameTheFile() throws IOException {
        Path img = Fixtures.write(dir, "i", Fixtures.idxImages(2, 28, 28));
        Path empty = Fixtures.write(dir, "empty", new byte[0]);
        DatasetFormatException e = fails(img, empty);
        assertTrue(e.getMessage().startsWith(empty + ": empty or truncated"), e.getMessage());

        byte[] gz = Fixtures.gzip(Fixtures.idxImages(200, 28, 28));
        for (int k = 30; k < 60; k++) gz[k] ^= (byte) 0x5a;
        Path bad = Fixtures.write(dir, "bad.gz", gz);
        Path lab = Fixtures.write(dir, "l", Fixtures.idxLabels(200));
        e = fails(bad, lab);
        assertTrue(e.getMessage().startsWith(bad.toString()) && e.getMessage().contains("re-download"), e.getMessage());
    }

    @Test
    void aTarMemberSizeBeyondTheArchiveNamesArchiveAndMember() throws IOException {
        byte[] header = new byte[512];
        byte[] name = "imgs/a.png".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, header, 0, name.length);
        byte[] size = "77777777777\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = '0';
        withChecksum(header); // a header that passes its checksum yet claims too much
        byte[] tar = Arrays.copyOf(header, 2048);
        Path t = Fixtures.write(dir, "x.tar", tar);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> ImageArchive.read("x", t, 28, 28, false));
        assertTrue(e.getMessage().startsWith(t + ": member imgs/a.png claims 8589934591 bytes"), e.getMessage());
    }

    @Test
    void aPngHeaderClaimingAHugeImageNamesArchiveAndMember() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY), "png", b);
        byte[] png = b.toByteArray();
        // IHDR: length(4) "IHDR"(4) at 8; width at 16, height at 20; CRC over type + data at 29
        for (int off : new int[] {16, 20}) {
            png[off] = 0;
            png[off + 1] = 0;
            png[off + 2] = (byte) (60000 >> 8);
            png[off + 3] = (byte) 60000;
        }
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        long c = crc.getValue();
        for (int k = 0; k < 4; k++) png[29 + k] = (byte) (c >> (24 - 8 * k));
        Path folder = dir.resolve("pngs");
        Fixtures.write(folder, "big.png", png);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> ImageArchive.read("x", folder, 28, 28, false));
        assertTrue(e.getMessage().startsWith(folder + ": member big.png: its header claims 60000x60000"), e.getMessage());
    }

    @Test
    void aFolderWhereADatasetFileBelongsIsAnErrorNotAMissingFile() throws IOException {
        DataCache cache = new DataCache(dir, false);
        DatasetFile f = DatasetCatalog.entry("notmnist-test").files().get(0);
        Files.createDirectories(dir.resolve(f.path()));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> cache.file(f));
        assertEquals(dir.resolve(f.path()) + " is a folder where the dataset file " + f.path()
                + " belongs; remove it and put the file there", e.getMessage());
        // absent stays "missing" (a FileNotFoundException, which an evaluation reports as a skipped set)
        Files.delete(dir.resolve(f.path()));
        assertThrows(java.io.FileNotFoundException.class, () -> cache.file(f));
    }

    @Test
    void labelsOutsideTheClassRangeAreACorruptFileNotDroppedImages() throws IOException {
        byte[] lab = Fixtures.idxLabels(50);
        for (int k = 10; k < 15; k++) lab[8 + k] = (byte) 200;
        Path l = Fixtures.write(dir, "l.gz", Fixtures.gzip(lab));
        Path img = Fixtures.write(dir, "i", Fixtures.idxImages(50, 28, 28));
        DatasetFormatException e = fails(img, l);
        assertEquals(l + ": 5 of 50 labels lie outside 0..9 (the first, label 200, at position 10); the file is corrupt: "
                + "re-download it", e.getMessage());
    }

    @Test
    void imageAndLabelCountsOfZeroOrAbove2to31AreACorruptHeader() throws IOException {
        Path l = Fixtures.write(dir, "l", Fixtures.idxLabels(2));
        Path all = Fixtures.write(dir, "ff", idxHeader(MnistIdx.IMAGE_MAGIC, 0xFFFFFFFF, 28, 28));
        DatasetFormatException e = fails(all, l);
        assertEquals(all + ": corrupt header (image count 4294967295, more than an IDX file can hold); re-download it",
                e.getMessage());
        Path none = Fixtures.write(dir, "zero", idxHeader(MnistIdx.IMAGE_MAGIC, 0, 28, 28));
        e = fails(none, l);
        assertEquals(none + ": corrupt header (image count 0, no images); re-download it", e.getMessage());
        Path noLabels = Fixtures.write(dir, "l0", idxHeader(MnistIdx.LABEL_MAGIC, 0));
        e = fails(none, noLabels);
        assertEquals(noLabels + ": corrupt header (label count 0, no labels); re-download it", e.getMessage());
    }

    @Test
    void aDataRootThatIsMissingOrAFileAndASymlinkLoopSayWhichNotMissing() throws IOException {
        DatasetFile f = DatasetCatalog.entry("notmnist-test").files().get(0);
        DataCache gone = new DataCache(dir.resolve("nope"), false, true);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> gone.file(f));
        assertTrue(e.getMessage().startsWith("OODBENCH_DATA=" + dir.resolve("nope") + " does not exist"), e.getMessage());
        Path file = Files.writeString(dir.resolve("root-file"), "x");
        e = assertThrows(DatasetFormatException.class, () -> new DataCache(file, false, true).file(f));
        assertEquals("OODBENCH_DATA=" + file + " is a file, not a folder; point it at the folder that holds the datasets",
                e.getMessage());
        // the default root may be absent: its sets are missing (downloaded when online)
        assertThrows(java.io.FileNotFoundException.class, () -> new DataCache(dir.resolve("nope"), false, false).file(f));

        Path target = dir.resolve("root").resolve(f.path());
        Files.createDirectories(target.getParent());
        Files.createSymbolicLink(target, target);
        e = assertThrows(DatasetFormatException.class, () -> new DataCache(dir.resolve("root"), false, true).file(f));
        assertEquals(target + " is a symbolic link that leads to no file (a loop, or its target is gone); replace it with "
                + "the dataset file " + f.path(), e.getMessage());
    }

    /** Writes a tar header's checksum field (the octal sum of its bytes, the field counted as spaces). */
    private static void withChecksum(byte[] header) {
        Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) sum += b & 0xff;
        byte[] field = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(field, 0, header, 148, 8);
    }

    @Test
    void aTarHeaderThatFailsItsChecksumIsACorruptArchiveNotAMissingImage() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/run01"));
        for (String n : new String[] {"a.png", "b.png"}) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ImageIO.write(new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY), "png", b);
            Files.write(src.resolve(n), b.toByteArray());
        }
        Path tar = dir.resolve("images.tar");
        Process p = new ProcessBuilder("tar", "-cf", tar.toString(), "-C", dir.resolve("src").toString(), "run01").start();
        assertEquals(0, p.waitFor());
        assertEquals(2, ImageArchive.read("t", tar, 4, 4, false).size());
        // the second header's name damaged (as a bad download or disk does): its image would drop out silently
        byte[] bytes = Files.readAllBytes(tar);
        int second = -1;
        for (int off = 512; off < bytes.length; off += 512) {
            if (new String(bytes, off, 100, StandardCharsets.US_ASCII).startsWith("run01/b.png")) second = off;
        }
        bytes[second + 6] = 0x1b;
        Files.write(tar, bytes);
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> ImageArchive.read("t", tar, 4, 4, false));
        assertEquals(tar + ": the tar header at byte " + second + " fails its checksum (the archive is corrupt); "
                + "re-download or rebuild it", e.getMessage());
    }

    @Test
    void aSetOfAnotherSizeThanTheCatalogsIsAnErrorNotFewerImages() throws IOException {
        DataCache cache = new DataCache(dir, false, true);
        List<DatasetFile> files = DatasetCatalog.entry("notmnist-test").files();
        Fixtures.write(dir, files.get(0).path(), Fixtures.gzip(Fixtures.idxImages(50, 28, 28)));
        Fixtures.write(dir, files.get(1).path(), Fixtures.gzip(Fixtures.idxLabels(50)));
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> DatasetCatalog.load("notmnist-test", cache));
        assertEquals("notmnist-test: read 50 images from " + dir.resolve(files.get(0).path()) + " and 1 more, the catalog "
                + "expects 10000; a file is corrupt or not the published one: run oodbench data verify notmnist-test", e.getMessage());
    }
}
