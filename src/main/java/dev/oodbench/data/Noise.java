package dev.oodbench.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic OOD sets made from a seed, in the model's [0,1] input space (the shipped models
 * normalise inside their graphs). Rademacher: each pixel and channel 0 or 1 by a fair coin, which
 * the in-graph normalisation turns into roughly +-2 (the notebooks draw +-1 in normalised space);
 * Gaussian: N(0.5, 0.25^2) clipped to [0,1]; uniform: U[0,1]. Labels are -1.
 */
public final class Noise {
    public enum Kind { RADEMACHER, GAUSSIAN, UNIFORM }

    /** The notebooks' size: 2,000 images, a fifth of a 10,000-image test set. */
    public static final int DEFAULT_COUNT = 2000;

    private Noise() {}

    public static ImageSet make(Kind kind, int n, int h, int w, int c, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] px = new float[n * h * w * c];
        for (int i = 0; i < px.length; i++) {
            px[i] = switch (kind) {
                case RADEMACHER -> rng.nextBoolean() ? 1f : 0f;
                case GAUSSIAN -> (float) Math.min(1, Math.max(0, 0.5 + 0.25 * gaussian(rng)));
                case UNIFORM -> (float) rng.nextDouble();
            };
        }
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        return new ImageSet(kind.name().toLowerCase(Locale.ROOT), h, w, c, px, labels);
    }

    private static double gaussian(SplittableRandom rng) {
        // Marsaglia polar method
        double u;
        double v;
        double s;
        do {
            u = rng.nextDouble() * 2 - 1;
            v = rng.nextDouble() * 2 - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }
}
