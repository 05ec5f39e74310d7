package dev.oodbench.model;
import java.util.List;


/**
 * What a classifier gives for a batch of {@code n} images: logits [n, classes] and penultimate
 * features [n, dim], each one flat row-major float array (no per-row objects).
 */
public record Outputs(int n, int classes, int dim, float[] logits, float[] features) {
    public Outputs {
        if (logits.length != n * classes || features.length != n * dim) {
            throw new IllegalArgumentException("outputs of " + n + " images need " + n * classes + " logits and "
                    + n * dim + " features, got " + logits.length + " and " + features.length);
        }
    }

    public float logit(int i, int c) { return logits[i * classes + c]; }
    public float feature(int i, int d) { return features[i * dim + d]; }

    /** Index of the largest logit of image {@code i}. */
    public int predicted(int i) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[i * classes + c] > logits[i * classes + best]) best = c;
        }
        return best;
    }

    /** Row {@code i} of the logits in float64. */
    public double[] logitRow(int i) {
        double[] r = new double[classes];
        for (int c = 0; c < classes; c++) r[c] = logits[i * classes + c];
        return r;
    }

    /** Row {@code i} of the features in float64. */
    public double[] featureRow(int i) {
        double[] r = new double[dim];
        for (int d = 0; d < dim; d++) r[d] = features[i * dim + d];
        return r;
    }

    /** Joins consecutive batches into one. */
    public static Outputs concat(List<Outputs> parts) {
        int n = 0;
        for (Outputs p : parts) n += p.n();
        Outputs first = parts.get(0);
        float[] l = new float[n * first.classes()];
        float[] f = new float[n * first.dim()];
        int i = 0;
        for (Outputs p : parts) {
            System.arraycopy(p.logits(), 0, l, i * first.classes(), p.logits().length);
            System.arraycopy(p.features(), 0, f, i * first.dim(), p.features().length);
            i += p.n();
        }
        return new Outputs(n, first.classes(), first.dim(), l, f);
    }
}
