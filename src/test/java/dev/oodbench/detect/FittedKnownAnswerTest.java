package dev.oodbench.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.model.Outputs;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Hand-computed answers for detectors with fitted statistics: each fitted on a few chosen feature
 * rows (logits = the rows through a chosen final layer), then scored in the graph and by the float64
 * reference, both held to the arithmetic in the comments. A wrong eigenvector order, covariance,
 * mean or boundary distance fails here without any dataset.
 */
class FittedKnownAnswerTest {
    /** Fit data: rows {@code features}, logits = features x weight + bias, labels as given. */
    static FitData fit(float[] weight, float[] bias, float[][] features, int[] labels) {
        int n = features.length;
        int d = features[0].length;
        int c = bias.length;
        float[] f = new float[n * d];
        float[] l = new float[n * c];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features[i], 0, f, i * d, d);
            double[] logits = RefMath.linear(RefMath.rows(features[i], 1, d)[0], weight, bias, c);
            for (int k = 0; k < c; k++) l[i * c + k] = (float) logits[k];
        }
        return new FitData(new Outputs(n, c, d, l, f), labels, weight, bias);
    }

    static float[] identity(int d) {
        float[] w = new float[d * d];
        for (int i = 0; i < d; i++) w[i * d + i] = 1;
        return w;
    }

    /** {graph scores, reference scores} of {@code d} on {@code features} through the same final layer. */
    static double[][] scores(Detector d, FitData fit, float[][] features) {
        FitData q = fit(fit.weight(), fit.bias(), features, new int[features.length]);
        Outputs o = q.train();
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> f = GraphOps.constant(tf, o.features(), o.n(), o.dim());
            Operand<TFloat32> l = GraphOps.constant(tf, o.logits(), o.n(), o.classes());
            Operand<TFloat32> score = d.scoreOp(new ScoreGraph(tf, null, l, f, o.classes(), o.dim()));
            try (Result r = s.runner().fetch(score).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                double[] graph = new double[o.n()];
                for (int i = 0; i < o.n(); i++) graph[i] = t.getFloat(i);
                return new double[][] {graph, d.referenceScores(o)};
            }
        }
    }

    static void assertScores(Detector d, FitData fit, float[][] rows, double[] expected, double tol) {
        d.fit(fit);
        double[][] gr = scores(d, fit, rows);
        for (int i = 0; i < rows.length; i++) {
            assertEquals(expected[i], gr[1][i], tol * (1 + Math.abs(expected[i])), d.name() + " reference, row " + i);
            assertEquals(expected[i], gr[0][i], tol * 10 * (1 + Math.abs(expected[i])), d.name() + " graph, row " + i);
        }
    }

    /** Two classes, w0 = e1, w1 = e2, no bias; training rows e1 (class 0) and e2 (class 1): mean (1/2, 1/2). */
    private static FitData twoAxes() {
        return fit(identity(2), new float[2], new float[][] {{1, 0}, {0, 1}}, new int[] {0, 1});
    }

    @Test
    void gradNormIsTheClosedFormGradientNorm() {
        // logits [0, ln 3]: p = [1/4, 3/4], sum_c |2 p_c - 1| = 1/2 + 1/2 = 1; sum_d |h_d| = 3 -> -3
        FitData fit = fit(identity(2), new float[2], new float[][] {{0, (float) Math.log(3)}}, new int[1]);
        assertScores(new GradNorm(), fit, new float[][] {{0, (float) Math.log(3)}, {-1, 2}},
                new double[] {-Math.log(3), -(Math.abs(2 * sigmoid(-3) - 1) + Math.abs(2 * sigmoid(3) - 1)) * 3}, 1e-6);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void fdbdDividesBoundaryDistancesByTheDistanceToTheMean() {
        // h = (2, 0): logits (2, 0), predicted 0; (2 - 0) / ||w0 - w1|| = 2 / sqrt 2 = sqrt 2;
        // ||h - (1/2, 1/2)|| = sqrt(2.5) -> -sqrt(2 / 2.5); by the feature norm instead: -sqrt 2 / 2
        assertScores(new Fdbd(), twoAxes(), new float[][] {{2, 0}}, new double[] {-Math.sqrt(0.8)}, 1e-6);
        assertScores(new Fdbd(false), twoAxes(), new float[][] {{2, 0}}, new double[] {-Math.sqrt(2) / 2}, 1e-6);
    }

    @Test
    void nciIsTheCentredProjectionOnThePredictedWeightPlusTheL1Term() {
        // h = (2, 0): x = h - mean = (1.5, -0.5), w0 . x / ||x|| = 1.5 / sqrt 2.5; + 0.1 * |h|_1 = 0.2
        assertScores(new Nci(0.1), twoAxes(), new float[][] {{2, 0}}, new double[] {-(1.5 / Math.sqrt(2.5) + 0.2)}, 1e-6);
    }

    @Test
    void nnGuideScalesTheNeighbourSimilarityByEnergy() {
        // bank rows e1 * lse(1, 0) and e2 * lse(0, 1), lse = ln(e + 1); query (2, 0): unit e1, similarities
        // (ln(e + 1), 0); k = 1: ln(e + 1) * lse(2, 0); k = 2: the mean, half that
        double lse1 = Math.log(Math.E + 1);
        double lse2 = Math.log(Math.exp(2) + 1);
        assertScores(new NnGuide(1, 1.0), twoAxes(), new float[][] {{2, 0}}, new double[] {-lse1 * lse2}, 1e-6);
        assertScores(new NnGuide(2, 1.0), twoAxes(), new float[][] {{2, 0}}, new double[] {-lse1 * lse2 / 2}, 1e-6);
    }

    @Test
    void relationSumsTheEdgesAboveTheCutOff() {
        // query (2, 0): cos 1 with e1 and 0 with e2; edge to e1 = softmax(2, 0) . softmax(1, 0)
        double[] p = RefMath.softmax(new double[] {2, 0}, 1);
        double[] p1 = RefMath.softmax(new double[] {1, 0}, 1);
        double edge = p[0] * p1[0] + p[1] * p1[1];
        assertScores(new Relation(), twoAxes(), new float[][] {{2, 0}}, new double[] {-edge}, 1e-6);
        assertScores(new Relation(2, 0.03), twoAxes(), new float[][] {{2, 0}}, new double[] {-edge * edge}, 1e-6);
        // a cut-off above the edge removes it
        assertScores(new Relation(1, 0.9), twoAxes(), new float[][] {{2, 0}}, new double[] {0}, 1e-6);
    }

    @Test
    void vraClipsAtBothTrainingPercentiles() {
        // training activations {1, 0, 0, 1}: 10th percentile 0, 90th 1 (numpy's linear rule: 0.3 -> 0, 2.7 -> 1);
        // h = (2, -1) -> (1, 0) -> energy -ln(e + 1)
        assertScores(new Vra(), twoAxes(), new float[][] {{2, -1}}, new double[] {-Math.log(Math.E + 1)}, 1e-6);
    }

    @Test
    void openMaxRecalibratesTheTopRankedLogitsByTheirWeibullScores() {
        // per class, 21 correctly classified rows around the MAV at distances up to 0.1; a query at class
        // 0's MAV is at distance 0 from it (w_0 = that class's Weibull cdf at 0: libMR's shift by 10000
        // makes it far from 0) and far from class 1's (w_1 = 1), ranks 1 and 2 weigh 1 and 2/3:
        // v' = (v0 (1 - w_0), v1 (1 - 2/3)), unknown = v0 w_0 + 2/3 v1, score = unknown - lse(v', unknown)
        int n = 42;
        float[][] rows = new float[n][];
        int[] labels = new int[n];
        for (int i = 0; i < 21; i++) {
            float r = 0.01f * (i % 20 + 1);
            rows[i] = new float[] {5 + r, 1};
            rows[21 + i] = new float[] {1, 5 + r};
            labels[21 + i] = 1;
        }
        FitData fit = fit(identity(2), new float[2], rows, labels);
        OpenMax om = new OpenMax();
        om.fit(fit);
        double mav0 = 0;
        for (int i = 0; i < 21; i++) mav0 += rows[i][0] / 21.0;
        double[][] gr = scores(om, fit, new float[][] {{(float) mav0, 1}});
        double mq = (float) mav0; // the query row as the model gives it, in float32
        double w0 = om.weibull(0).cdf(Math.abs(mq - mav0));
        assertEquals(1, om.weibull(1).cdf(Math.hypot(mav0 - 1, 1 - mav0)), 1e-9);
        double unknown = mq * w0 + 2.0 / 3;
        double expected = unknown - RefMath.logSumExp(new double[] {mq * (1 - w0), 1.0 / 3, unknown}, 1);
        assertEquals(expected, gr[1][0], 1e-6);
        assertEquals(expected, gr[0][0], 1e-4);
    }

    @Test
    void weibullFitMaximisesTheLikelihoodOfTheShiftedTail() {
        double[] d = new double[50];
        for (int i = 0; i < d.length; i++) d[i] = 1 + 0.1 * i + 0.01 * (i * i % 7);
        Weibull w = Weibull.fitHigh(d, 20);
        double[] sorted = d.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted[30], w.smallest(), 0);
        double best = logLikelihood(sorted, w.shape(), w.scale(), w.smallest());
        for (double fk : new double[] {0.99, 1.01}) {
            assertTrue(logLikelihood(sorted, w.shape() * fk, w.scale(), w.smallest()) < best, "shape x " + fk);
            double s = Weibull.TRANSLATE + (w.scale() - Weibull.TRANSLATE) * fk;
            assertTrue(logLikelihood(sorted, w.shape(), s, w.smallest()) < best, "scale offset x " + fk);
        }
        // the tail's smallest value sits low in the distribution, its largest high
        assertTrue(w.cdf(sorted[30]) < 0.2, "cdf at the tail's start " + w.cdf(sorted[30]));
        assertTrue(w.cdf(sorted[49]) > 0.8, "cdf at the tail's end " + w.cdf(sorted[49]));
    }

    private static double logLikelihood(double[] sorted, double k, double scale, double small) {
        double ll = 0;
        for (int i = sorted.length - 20; i < sorted.length; i++) {
            double x = sorted[i] + Weibull.TRANSLATE - small;
            ll += Math.log(k / scale) + (k - 1) * Math.log(x / scale) - Math.pow(x / scale, k);
        }
        return ll;
    }

    /** Four points around each of (10, 0) and (-10, 0): two clusters, tied covariance 0.5 I, weights 1/2. */
    @Test
    void gmmFindsTwoClustersWithTheirTiedCovariance() {
        float[][] rows = {{11, 0}, {9, 0}, {10, 1}, {10, -1}, {-11, 0}, {-9, 0}, {-10, 1}, {-10, -1}};
        FitData fit = fit(identity(2), new float[2], rows, new int[] {0, 0, 0, 0, 1, 1, 1, 1});
        Gmm g = new Gmm(2, 2);
        g.fit(fit);
        // at a centre: -log(1/2 e^0 + 1/2 e^-400/0.5/2) = ln 2; one unit off: d = 1 / 0.5 = 2 -> ln 2 + 1
        assertScores(g, fit, new float[][] {{10, 0}, {-10, 1}}, new double[] {Math.log(2), Math.log(2) + 1}, 1e-5);
    }

    /**
     * ViM on features with known principal axes: rows +-3 e1, +-2 e2, +-1 e3 through an identity final
     * layer (origin u = 0). The uncentred covariance is diag(3, 4/3, 1/3), so the principal axis is e1,
     * then e2: with dim 1 the residual of h is |(h2, h3)|, with dim 2 it is |h3|. An ascending eigenvector
     * order would give |(h1, h2)| and |h1| instead.
     */
    @Test
    void vimAndResidualUseTheTopEigenvectorsAsPrincipalSpace() {
        float[][] rows = {{3, 0, 0}, {-3, 0, 0}, {0, 2, 0}, {0, -2, 0}, {0, 0, 1}, {0, 0, -1}};
        FitData fit = fit(identity(3), new float[3], rows, new int[] {0, 0, 1, 1, 2, 2});
        float[][] q = {{1, 1, 1}, {5, 0, 2}};
        Residual r1 = new Residual(1);
        r1.fit(fit);
        assertScores(r1, fit, q, new double[] {Math.sqrt(2), 2}, 1e-6);
        Residual r2 = new Residual(2);
        r2.fit(fit);
        assertScores(r2, fit, q, new double[] {1, 2}, 1e-6);
        // alpha = mean max-logit / mean residual: max-logits (3, 0, 2, 0, 1, 0) mean 1; residuals with
        // dim 1: (0, 0, 2, 2, 1, 1) mean 1 -> alpha 1; with dim 2: (0, 0, 0, 0, 1, 1) mean 1/3 -> alpha 3
        Vim v1 = new Vim(1);
        v1.fit(fit);
        assertEquals(1, v1.alpha(), 1e-12);
        Vim v2 = new Vim(2);
        v2.fit(fit);
        assertEquals(3, v2.alpha(), 1e-12);
        double lse = RefMath.logSumExp(new double[] {1, 1, 1}, 1);
        assertScores(v1, fit, new float[][] {{1, 1, 1}}, new double[] {Math.sqrt(2) - lse}, 1e-6);
        assertScores(v2, fit, new float[][] {{1, 1, 1}}, new double[] {3 - lse}, 1e-6);
    }

    /**
     * Two Gaussians with a known shared covariance: around means -m and +m (m = (2, 1)), offsets
     * +-a v and +-b w with v = (1, 1)/sqrt 2, w = (1, -1)/sqrt 2, so Sigma = (a^2/2) v v^T + (b^2/2) w w^T
     * and its precision P = (2/a^2) v v^T + (2/b^2) w w^T. Mahalanobis is min_c (x - mu_c) P (x - mu_c);
     * RMDS subtracts the distance under the global Gaussian: mean 0, covariance Sigma + m m^T, precision
     * P - P m m^T P / (1 + m P m) (Sherman-Morrison).
     */
    @Test
    void mahalanobisAndRmdsOnTwoGaussiansWithKnownCovariance() {
        double a = 2;
        double b = 0.5;
        double[] m = {2, 1};
        double[] v = {Math.sqrt(0.5), Math.sqrt(0.5)};
        double[] w = {Math.sqrt(0.5), -Math.sqrt(0.5)};
        float[][] rows = new float[8][];
        int[] labels = new int[8];
        double[][] offsets = {{a * v[0], a * v[1]}, {-a * v[0], -a * v[1]}, {b * w[0], b * w[1]}, {-b * w[0], -b * w[1]}};
        for (int c = 0; c < 2; c++) {
            double sign = c == 0 ? -1 : 1;
            for (int i = 0; i < 4; i++) {
                rows[c * 4 + i] = new float[] {(float) (sign * m[0] + offsets[i][0]), (float) (sign * m[1] + offsets[i][1])};
                labels[c * 4 + i] = c;
            }
        }
        FitData fit = fit(identity(2), new float[2], rows, labels);
        double[][] p = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) p[i][j] = 2 / (a * a) * v[i] * v[j] + 2 / (b * b) * w[i] * w[j];
        }
        double[] pm = {p[0][0] * m[0] + p[0][1] * m[1], p[1][0] * m[0] + p[1][1] * m[1]};
        double mpm = m[0] * pm[0] + m[1] * pm[1];
        double[][] p0 = new double[2][2];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) p0[i][j] = p[i][j] - pm[i] * pm[j] / (1 + mpm);
        float[][] q = {{1, 0}, {-3, 2}, {0.5f, 0.5f}};
        double[] maha = new double[q.length];
        double[] rmds = new double[q.length];
        for (int k = 0; k < q.length; k++) {
            double[] x = {q[k][0], q[k][1]};
            double d0 = quad(p0, x, new double[2]);
            double dm = quad(p, x, new double[] {-m[0], -m[1]});
            double dp = quad(p, x, m);
            maha[k] = Math.min(dm, dp);
            rmds[k] = Math.min(dm - d0, dp - d0);
        }
        Mahalanobis md = new Mahalanobis();
        md.fit(fit);
        assertScores(md, fit, q, maha, 1e-6);
        Rmds r = new Rmds();
        r.fit(fit);
        assertScores(r, fit, q, rmds, 1e-6);
    }

    private static double quad(double[][] p, double[] x, double[] mu) {
        double s = 0;
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) s += (x[i] - mu[i]) * p[i][j] * (x[j] - mu[j]);
        return s;
    }
}
