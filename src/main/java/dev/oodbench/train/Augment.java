package dev.oodbench.train;

import java.util.Random;

/** The standard CIFAR augmentation: a random crop of the image padded by {@code pad} zeros, then a random horizontal flip. */
final class Augment {
    private Augment() {}

    /** Writes an augmented copy of {@code src} (NHWC, one image) into {@code dst} at {@code off}. */
    static void cropFlip(float[] src, int srcOff, float[] dst, int off, int h, int w, int c, int pad, Random rng) {
        int dy = rng.nextInt(2 * pad + 1) - pad;
        int dx = rng.nextInt(2 * pad + 1) - pad;
        boolean flip = rng.nextBoolean();
        for (int y = 0; y < h; y++) {
            int sy = y + dy;
            for (int x = 0; x < w; x++) {
                int sx = (flip ? w - 1 - x : x) + dx;
                int o = off + (y * w + x) * c;
                if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
                    for (int k = 0; k < c; k++) dst[o + k] = 0f;
                } else {
                    System.arraycopy(src, srcOff + (sy * w + sx) * c, dst, o, c);
                }
            }
        }
    }
}
