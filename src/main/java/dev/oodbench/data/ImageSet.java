package dev.oodbench.data;

import java.util.Arrays;
import java.util.Set;

/**
 * An in-memory set of images: float32 pixels in NHWC order (one flat array, no per-image objects),
 * an int label per image (-1 when unlabelled) and a name. Pixels are in [0,1] unless a caller
 * built the set otherwise (noise sets, for example).
 */
public final class ImageSet {
    private final String name;
    private final int height;
    private final int width;
    private final int channels;
    private final float[] pixels;
    private final int[] labels;

    public ImageSet(String name, int height, int width, int channels, float[] pixels, int[] labels) {
        if (height <= 0 || width <= 0 || channels <= 0) {
            throw new IllegalArgumentException(name + ": image shape must be positive, got " + height + "x" + width + "x" + channels);
        }
        long per = (long) height * width * channels;
        if (pixels.length % per != 0 || pixels.length / per != labels.length) {
            throw new IllegalArgumentException(name + ": " + pixels.length + " pixel values do not make "
                    + labels.length + " images of " + height + "x" + width + "x" + channels);
        }
        this.name = name;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.pixels = pixels;
        this.labels = labels;
    }

    public String name() { return name; }
    public int height() { return height; }
    public int width() { return width; }
    public int channels() { return channels; }
    public int size() { return labels.length; }
    public int imageSize() { return height * width * channels; }

    /** The backing pixel array (NHWC); not copied, do not modify. */
    public float[] pixels() { return pixels; }

    /** The backing label array; not copied, do not modify. */
    public int[] labels() { return labels; }

    public int label(int i) { return labels[i]; }

    /** Images {@code [from, to)} as a new set (copies). */
    public ImageSet slice(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException(name + ": slice [" + from + "," + to + ") outside 0.." + size());
        }
        int per = imageSize();
        return new ImageSet(name, height, width, channels,
                Arrays.copyOfRange(pixels, from * per, to * per), Arrays.copyOfRange(labels, from, to));
    }

    /** The first {@code n} images (or all when fewer), keeping the name. */
    public ImageSet head(int n) {
        return slice(0, Math.min(n, size()));
    }

    /** Copies image {@code index} into {@code dst} at {@code offset}. */
    public void copyImage(int index, float[] dst, int offset) {
        System.arraycopy(pixels, index * imageSize(), dst, offset, imageSize());
    }

    /** Only the images whose label is in {@code keep}, as a set named {@code newName}. */
    public ImageSet filterLabels(Set<Integer> keep, String newName) {
        int n = 0;
        for (int l : labels) {
            if (keep.contains(l)) n++;
        }
        int per = imageSize();
        float[] px = new float[n * per];
        int[] lb = new int[n];
        int j = 0;
        for (int i = 0; i < labels.length; i++) {
            if (keep.contains(labels[i])) {
                System.arraycopy(pixels, i * per, px, j * per, per);
                lb[j++] = labels[i];
            }
        }
        return new ImageSet(newName, height, width, channels, px, lb);
    }

    /** The same images under another name. */
    public ImageSet renamed(String newName) {
        return new ImageSet(newName, height, width, channels, pixels, labels);
    }

    /** Number of images per label, indexed by label (labels must be >= 0). */
    public int[] labelHistogram() {
        int max = -1;
        for (int l : labels) max = Math.max(max, l);
        int[] h = new int[max + 1];
        for (int l : labels) {
            if (l >= 0) h[l]++;
        }
        return h;
    }

    @Override
    public String toString() {
        return name + " [" + size() + "x" + height + "x" + width + "x" + channels + "]";
    }
}
