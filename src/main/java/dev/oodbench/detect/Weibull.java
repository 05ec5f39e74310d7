package dev.oodbench.detect;

import java.util.Arrays;

/**
 * A two-parameter Weibull fitted by maximum likelihood to the upper tail of a sample, the way
 * libMR's {@code FitHigh} (used by OpenMax) does it: the {@code tail} largest values, shifted so the
 * smallest of them sits at {@link #TRANSLATE}, then {@link #cdf} of a value shifted the same way.
 */
record Weibull(double shape, double scale, double smallest) {
    /** libMR's translate amount. */
    static final double TRANSLATE = 10000;

    static Weibull fitHigh(double[] values, int tail) {
        double[] s = values.clone();
        Arrays.sort(s);
        int m = Math.min(tail, s.length);
        if (m < 2 || s[s.length - 1] == s[s.length - m]) {
            throw new IllegalArgumentException("a Weibull tail needs at least two distinct values, got " + m + " values");
        }
        double small = s[s.length - m];
        double[] x = new double[m];
        for (int i = 0; i < m; i++) x[i] = s[s.length - m + i] + TRANSLATE - small;
        double xmax = x[m - 1];
        double[] logY = new double[m]; // log(x / xmax) <= 0
        double meanLogY = 0;
        for (int i = 0; i < m; i++) {
            logY[i] = Math.log(x[i] / xmax);
            meanLogY += logY[i] / m;
        }
        // the MLE shape solves sum(y^k log y) / sum(y^k) - 1/k - mean(log y) = 0, increasing in k
        double lo = Math.log(1e-3);
        double hi = Math.log(1e9);
        for (int it = 0; it < 200; it++) {
            double mid = (lo + hi) / 2;
            if (likelihoodSlope(Math.exp(mid), logY, meanLogY) > 0) hi = mid;
            else lo = mid;
        }
        double k = Math.exp((lo + hi) / 2);
        double sumYk = 0;
        for (double v : logY) sumYk += Math.exp(k * v);
        double scale = xmax * Math.exp(Math.log(sumYk / m) / k);
        return new Weibull(k, scale, small);
    }

    private static double likelihoodSlope(double k, double[] logY, double meanLogY) {
        double num = 0;
        double den = 0;
        for (double v : logY) {
            double w = Math.exp(k * v);
            num += w * v;
            den += w;
        }
        return num / den - 1 / k - meanLogY;
    }

    /** {@code log(shifted(d) / scale) = log1p((d - offset()) / scale)}: the offset keeps float32 digits. */
    double offset() {
        return scale - TRANSLATE + smallest;
    }

    /** The probability that a value of this tail's distribution is below {@code d}. */
    double cdf(double d) {
        return -Math.expm1(-Math.exp(shape * Math.log1p((d - offset()) / scale)));
    }
}
