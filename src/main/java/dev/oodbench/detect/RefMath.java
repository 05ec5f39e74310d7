package dev.oodbench.detect;
import java.util.Arrays;


/** Plain-Java float64 counterparts of {@link GraphOps}, for the reference implementations. */
public final class RefMath {
    private RefMath() {}

    public static double max(double[] x) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) m = Math.max(m, v);
        return m;
    }

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /** {@code T * log(sum(exp(x / T)))}, stable. */
    public static double logSumExp(double[] x, double temperature) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : x) m = Math.max(m, v / temperature);
        double s = 0;
        for (double v : x) s += Math.exp(v / temperature - m);
        return temperature * (m + Math.log(s));
    }

    public static double[] softmax(double[] x, double temperature) {
        double lse = logSumExp(x, temperature) / temperature;
        double[] p = new double[x.length];
        for (int i = 0; i < x.length; i++) p[i] = Math.exp(x[i] / temperature - lse);
        return p;
    }

    public static double norm(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return Math.sqrt(s);
    }

    /** {@code h x W + b} with weight [dim, classes] row-major. */
    public static double[] linear(double[] h, float[] weight, float[] bias, int classes) {
        double[] out = new double[classes];
        for (int c = 0; c < classes; c++) {
            double s = bias[c];
            for (int d = 0; d < h.length; d++) s += h[d] * weight[d * classes + c];
            out[c] = s;
        }
        return out;
    }

    /** The {@code q}-th percentile (0..100) of sorted values, interpolating linearly between order statistics (numpy's default). */
    public static double percentile(double[] sorted, double q) {
        double pos = q / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    /** A row-major float array as float64 rows. */
    public static double[][] rows(float[] flat, int n, int width) {
        double[][] r = new double[n][width];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < width; j++) r[i][j] = flat[i * width + j];
        }
        return r;
    }

    /** Index of the largest entry, the lowest index on ties (as TensorFlow's TopK). */
    public static int argMax(double[] x) {
        int best = 0;
        for (int i = 1; i < x.length; i++) if (x[i] > x[best]) best = i;
        return best;
    }

    /** {@code log sum_{c != argmax} exp(z_c - z_max)}: see {@link GraphOps#logNonMaxMass}. */
    public static double logNonMaxMass(double[] z) {
        int top = argMax(z);
        double[] rest = new double[z.length - 1];
        for (int i = 0, j = 0; i < z.length; i++) if (i != top) rest[j++] = z[i];
        return logSumExp(rest, 1.0) - z[top];
    }

    public static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** {@code ||a - b||}. */
    public static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    /** {@code x / ||x||} (a zero row stays zero). */
    public static double[] unit(double[] x) {
        double n = Math.max(norm(x), 1e-12);
        double[] u = new double[x.length];
        for (int i = 0; i < x.length; i++) u[i] = x[i] / n;
        return u;
    }

    /** The mean of the {@code k} largest values. */
    public static double topKMean(double[] x, int k) {
        double[] s = x.clone();
        Arrays.sort(s);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += s[s.length - 1 - i];
        return sum / k;
    }
}
