package dev.oodbench.data;

import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;

/**
 * Images (PNG, JPEG) from a folder, an uncompressed tar or a zip, resized to a target size. With
 * one sub-folder per class the folder names, sorted, become labels 0..k-1; otherwise labels are -1.
 * Entries are read in name order, so the set is the same on every machine. Grey images stay one
 * channel; colour images keep three.
 */
public final class ImageArchive {
    private ImageArchive() {}

    public static ImageSet read(String name, Path source, int h, int w, boolean labelledByFolder) throws IOException {
        if (!Files.exists(source)) throw new FileNotFoundException(source + ": not found");
        Map<String, byte[]> files = new TreeMap<>();
        String fn = source.getFileName().toString();
        if (Files.isDirectory(source)) {
            try (var walk = Files.walk(source)) {
                for (Path p : walk.filter(Files::isRegularFile).filter(ImageArchive::isImage).toList()) {
                    files.put(source.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
                }
            }
        } else if (fn.endsWith(".tar")) {
            readTar(source, files);
        } else if (fn.endsWith(".zip")) {
            try (ZipInputStream z = new ZipInputStream(Files.newInputStream(source))) {
                for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                    if (!e.isDirectory() && isImage(Path.of(e.getName()))) files.put(e.getName(), z.readAllBytes());
                }
            }
        } else {
            throw new DatasetFormatException(source + ": expected a folder, a .tar or a .zip of images");
        }
        if (files.isEmpty()) throw new DatasetFormatException(source + ": holds no PNG or JPEG images");
        List<String> classes = new ArrayList<>();
        if (labelledByFolder) {
            for (String k : files.keySet()) {
                String dir = parent(k);
                if (!classes.contains(dir)) classes.add(dir);
            }
            classes.sort(String::compareTo);
        }
        int n = files.size();
        int channels = -1;
        float[] px = null;
        int[] labels = new int[n];
        int k = 0;
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            BufferedImage img = decode(source, e.getKey(), e.getValue());
            if (channels < 0) {
                // the first image decides: grey sets stay one channel, colour sets three
                channels = img.getColorModel().getNumColorComponents() == 1 ? 1 : 3;
                px = new float[n * h * w * channels];
            }
            ImageSet one = new ImageSet(name, img.getHeight(), img.getWidth(), channels, pixels(img, channels), new int[1]);
            ImageSet r = Preprocess.resize(one, h, w);
            System.arraycopy(r.pixels(), 0, px, k * h * w * channels, h * w * channels);
            labels[k++] = labelledByFolder ? classes.indexOf(parent(e.getKey())) : -1;
        }
        return new ImageSet(name, h, w, channels, px, labels);
    }

    /** Largest image accepted, in pixels (a header claiming more is corrupt, not a photo to decode). */
    static final long MAX_PIXELS = 64L << 20;

    /** Decodes one member, checking the size its header claims first; errors name the archive and member. */
    private static BufferedImage decode(Path source, String member, byte[] bytes) throws IOException {
        String where = source + ": member " + member;
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            var readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new DatasetFormatException(where + " is not a readable PNG or JPEG image");
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                long w = r.getWidth(0);
                long h = r.getHeight(0);
                if (w <= 0 || h <= 0 || w * h > MAX_PIXELS) {
                    throw new DatasetFormatException(where + ": its header claims " + w + "x" + h + " pixels (at most "
                            + MAX_PIXELS + " are read); the image is corrupt: replace or remove it");
                }
                return r.read(0);
            } finally {
                r.dispose();
            }
        } catch (DatasetFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(where + " is not a readable image (" + e.getMessage() + ")");
        }
    }

    private static float[] pixels(BufferedImage img, int channels) {
        int h = img.getHeight();
        int w = img.getWidth();
        float[] out = new float[h * w * channels];
        var raster = img.getRaster();
        boolean grey = img.getColorModel().getNumColorComponents() == 1;
        int bits = img.getColorModel().getComponentSize(0);
        float max = (1 << bits) - 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey) {
                    float v = raster.getSample(x, y, 0) / max;
                    for (int c = 0; c < channels; c++) out[(y * w + x) * channels + c] = v;
                } else {
                    int rgb = img.getRGB(x, y);
                    float r = ((rgb >> 16) & 0xFF) / 255f;
                    float g = ((rgb >> 8) & 0xFF) / 255f;
                    float b = (rgb & 0xFF) / 255f;
                    if (channels == 3) {
                        out[(y * w + x) * 3] = r;
                        out[(y * w + x) * 3 + 1] = g;
                        out[(y * w + x) * 3 + 2] = b;
                    } else {
                        out[y * w + x] = 0.299f * r + 0.587f * g + 0.114f * b;
                    }
                }
            }
        }
        return out;
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }

    private static boolean isImage(Path p) {
        String s = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return s.endsWith(".png") || s.endsWith(".jpg") || s.endsWith(".jpeg");
    }

    /** Reads the regular-file members of a ustar/GNU tar (512-byte blocks). */
    private static void readTar(Path tar, Map<String, byte[]> out) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar))) {
            byte[] header = new byte[512];
            long offset = -512;
            while (true) {
                offset += 512;
                int r = in.readNBytes(header, 0, 512);
                if (r == 0) break;
                if (r < 512) throw new DatasetFormatException(tar + ": truncated tar header");
                boolean empty = true;
                for (byte b : header) {
                    if (b != 0) {
                        empty = false;
                        break;
                    }
                }
                if (empty) break;
                checkHeader(tar, header, offset);
                String nm = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) nm = prefix + "/" + nm;
                long size;
                try {
                    size = Long.parseLong(field(header, 124, 12).trim(), 8);
                } catch (NumberFormatException e) {
                    throw new DatasetFormatException(tar + ": corrupt tar header near " + nm);
                }
                byte type = header[156];
                if (size < 0 || size > Math.min(Files.size(tar), Integer.MAX_VALUE - 8)) {
                    throw new DatasetFormatException(tar + ": member " + nm + " claims " + size + " bytes, more than the "
                            + "archive's " + Files.size(tar) + "; the tar is corrupt: re-download or rebuild it");
                }
                byte[] data = in.readNBytes((int) size);
                if (data.length < size) throw new DatasetFormatException(tar + ": truncated member " + nm);
                long pad = (512 - size % 512) % 512;
                in.skipNBytes(pad);
                offset += size + pad;
                if ((type == '0' || type == 0) && isImage(Path.of(nm))) out.put(nm, data);
            }
        }
    }

    /**
     * A tar header's checksum (bytes 148-155: the octal sum of the header's bytes, the checksum field counted
     * as spaces) must match: a damaged header would otherwise drop its member, or read garbage, silently.
     */
    private static void checkHeader(Path tar, byte[] header, long offset) throws DatasetFormatException {
        long sum = 0;
        for (int i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? ' ' : header[i] & 0xff;
        String stored = field(header, 148, 8).trim();
        long expected;
        try {
            expected = Long.parseLong(stored, 8);
        } catch (NumberFormatException e) {
            expected = -1;
        }
        if (expected != sum) {
            throw new DatasetFormatException(tar + ": the tar header at byte " + offset + " fails its checksum (the archive "
                    + "is corrupt); re-download or rebuild it");
        }
    }

    private static String field(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) end++;
        return new String(h, off, end - off, StandardCharsets.US_ASCII);
    }
}
