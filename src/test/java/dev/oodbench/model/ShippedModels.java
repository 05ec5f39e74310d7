package dev.oodbench.model;

import dev.oodbench.data.ImageSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test access to the committed SavedModels and seeded inputs for them. */
public final class ShippedModels {
    private ShippedModels() {}

    /** The shipped (inference) SavedModel. */
    public static Path dir(String name) {
        return committed(Path.of("models", "savedmodel", name));
    }

    /** The training export the shipped model was made from (what --init-from reads). */
    public static Path trainingDir(String name) {
        return committed(Path.of("models", "training", name));
    }

    private static Path committed(Path p) {
        if (!Files.isRegularFile(p.resolve("saved_model.pb"))) {
            throw new IllegalStateException("committed model " + p + " is missing");
        }
        return p;
    }

    /**
     * {@code n} seeded images shaped for the model: smooth random blobs (sums of Gaussian bumps), so
     * that features are spread out, clipped to [0,1]. Labels are -1.
     */
    public static ImageSet blobs(String name, int n, int h, int w, int c, long seed) {
        Random rng = new Random(seed);
        float[] px = new float[n * h * w * c];
        for (int i = 0; i < n; i++) {
            int bumps = 1 + rng.nextInt(4);
            for (int b = 0; b < bumps; b++) {
                double cy = rng.nextDouble() * h;
                double cx = rng.nextDouble() * w;
                double s = 1.5 + rng.nextDouble() * h / 4.0;
                double[] amp = new double[c];
                for (int k = 0; k < c; k++) amp[k] = rng.nextDouble();
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double g = Math.exp(-((y - cy) * (y - cy) + (x - cx) * (x - cx)) / (2 * s * s));
                        for (int k = 0; k < c; k++) px[((i * h + y) * w + x) * c + k] += (float) (amp[k] * g);
                    }
                }
            }
        }
        for (int j = 0; j < px.length; j++) px[j] = Math.min(1f, px[j]);
        return new ImageSet(name, h, w, c, px, new int[n]);
    }

    /** A copy of the committed model {@code name} in the folder {@code target} (to damage, or to load from elsewhere). */
    public static Path copy(String name, Path target) throws java.io.IOException {
        return copyTree(dir(name), target);
    }

    /** A copy of the folder {@code src} at {@code target}. */
    public static Path copyTree(Path src, Path target) throws java.io.IOException {
        try (var files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path t = target.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
        return target;
    }
}
