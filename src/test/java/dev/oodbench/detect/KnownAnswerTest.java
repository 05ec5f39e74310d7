package dev.oodbench.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.Outputs;
import dev.oodbench.model.ShippedModels;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Hand-computed scores (arithmetic in the comments), run through the in-graph ops on constant logits. */
class KnownAnswerTest {
    /** Scores of {@code d} in a fresh graph over constant logits [rows][classes] (features = logits). */
    private static float[] graphScores(Detector d, float[][] logits) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> l = tf.constant(logits);
            Operand<TFloat32> score = d.scoreOp(new ScoreGraph(tf, null, l, l, logits[0].length, logits[0].length));
            try (Result r = s.runner().fetch(score).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] out = new float[logits.length];
                for (int i = 0; i < out.length; i++) out[i] = t.getFloat(i);
                return out;
            }
        }
    }

    private static final float LN3 = (float) Math.log(3);

    @Test
    void maxLogit() {
        // -max: -(ln 3), -(2)
        float[] s = graphScores(new MaxLogit(), new float[][] {{0, LN3}, {2, -1}});
        assertEquals(-Math.log(3), s[0], 1e-6);
        assertEquals(-2, s[1], 1e-6);
    }

    @Test
    void maxSoftmax() {
        // softmax([0, ln 3]) = [1/4, 3/4]: log((1 - 3/4) / (3/4)) = -ln 3; equal logits: log(1/2 / 1/2) = 0;
        // a gap of 40 (MSP = 1.0 in float32): log(e^-40) = -40, and two runners-up at -40: -40 + ln 2
        float[] s = graphScores(new MaxSoftmax(), new float[][] {{0, LN3, -100}, {5, 5, -100}, {40, 0, -100},
                {40, 0, 0}});
        assertEquals(-Math.log(3), s[0], 1e-6);
        assertEquals(0, s[1], 1e-6);
        assertEquals(-40, s[2], 1e-5);
        assertEquals(-40 + Math.log(2), s[3], 1e-5);
    }

    @Test
    void energyWithTemperature() {
        // T = 1: -log(1 + 3) = -ln 4. T = 2 on [0, 2 ln 3]: -2 log(e^0 + e^{ln 3}) = -2 ln 4
        assertEquals(-Math.log(4), graphScores(new Energy(1), new float[][] {{0, LN3}})[0], 1e-6);
        assertEquals(-2 * Math.log(4), graphScores(new Energy(2), new float[][] {{0, 2 * LN3}})[0], 1e-5);
    }

    @Test
    void entropy() {
        // scored as log H. p = [1/4, 3/4]: H = -(1/4 ln 1/4 + 3/4 ln 3/4) = 0.5623351446; uniform over 2: ln 2
        float[] s = graphScores(new Entropy(), new float[][] {{0, LN3}, {1, 1}, {50, 0}, {60, 0}});
        assertEquals(Math.log(0.5623351446188083), s[0], 1e-6);
        assertEquals(Math.log(Math.log(2)), s[1], 1e-6);
        // p_2 = e^-50 (float32 softmax gives exactly [1, 0]): H = e^-50 (1 + 50) to first order,
        // log H = -50 + ln 51; the two confident rows stay apart by 10 - ln(61/51)
        assertEquals(-50 + Math.log(51), s[2], 1e-4);
        assertEquals(-60 + Math.log(61), s[3], 1e-4);
        assertEquals(new Entropy().score(new double[] {50, 0}), s[2], 1e-5);
    }

    @Test
    void crossEntropyScore() {
        // mean([0, ln 3]) - ln 4 = ln 3 / 2 - ln 4 = -0.8369882167; uniform: -ln 2 (the maximum, the most OOD)
        float[] s = graphScores(new CrossEntropyScore(), new float[][] {{0, LN3}, {7, 7}});
        assertEquals(Math.log(3) / 2 - Math.log(4), s[0], 1e-6);
        assertEquals(-Math.log(2), s[1], 1e-6);
        assertTrue(s[1] > s[0], "a flat prediction scores as more OOD");
    }

    @Test
    void genOnTwoClasses() {
        // p = [1/4, 3/4], gamma 1: 1/4 * 3/4 + 3/4 * 1/4 = 0.375
        assertEquals(0.375, graphScores(new Gen(1.0, 100), new float[][] {{0, LN3}})[0], 1e-6);
    }

    private static FitData fitData(float[] weight, float[] bias, float[][] features) {
        int n = features.length;
        int d = features[0].length;
        int c = bias.length;
        float[] f = new float[n * d];
        float[] l = new float[n * c];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features[i], 0, f, i * d, d);
            double[] logits = RefMath.linear(RefMath.rows(features[i], 1, d)[0], weight, bias, c);
            for (int k = 0; k < c; k++) l[i * c + k] = (float) logits[k];
            labels[i] = i % c;
        }
        return new FitData(new Outputs(n, c, d, l, f), labels, weight, bias);
    }

    @Test
    void ashPruningAndReactClipping() {
        // identity final layer on 4 features, 4 classes; h = [4, 3, 2, 1]
        float[] w = new float[16];
        for (int i = 0; i < 4; i++) w[i * 4 + i] = 1;
        FitData fit = fitData(w, new float[4], new float[][] {{1, 1, 1, 1}, {2, 2, 2, 2}, {0, 0, 0, 0}, {3, 3, 3, 3}});
        double[] h = {4, 3, 2, 1};
        // ASH-P at 50%: keep the top 2 -> [4, 3, 0, 0]
        Ash p = new Ash(Ash.Variant.P, 50, "mls", "features");
        p.fit(fit);
        assertEquals(java.util.List.of(4.0, 3.0, 0.0, 0.0), java.util.Arrays.stream(p.shape(h)).boxed().toList());
        // ASH-B at 50%: s1 = 10, k = 2 -> kept ones become 5
        Ash b = new Ash(Ash.Variant.B, 50, "mls", "features");
        assertEquals(java.util.List.of(5.0, 5.0, 0.0, 0.0), java.util.Arrays.stream(b.shape(h)).boxed().toList());
        // ASH-S at 50%: s2 = 7 -> [4, 3] * e^{10/7}
        double f = Math.exp(10.0 / 7);
        assertEquals(4 * f, new Ash(Ash.Variant.S, 50, "mls", "features").shape(h)[0], 1e-9);
        // ReAct at the 50th percentile of all 16 training activations {0 x4, 1 x4, 2 x4, 3 x4} = 1.5
        React r = new React(50, "mls");
        r.fit(fit);
        assertEquals(1.5, r.clip(), 1e-9);
        assertEquals(java.util.List.of(1.5, 1.5, 1.5, 1.0), java.util.Arrays.stream(r.shape(h)).boxed().toList());
    }

    /** Scores of {@code d} in a fresh graph over constant features (logits unused: zeros) and the float64 reference. */
    private static double[][] graphAndReference(Detector d, float[][] features, int classes) {
        int n = features.length;
        int dim = features[0].length;
        float[] flat = new float[n * dim];
        for (int i = 0; i < n; i++) System.arraycopy(features[i], 0, flat, i * dim, dim);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> f = tf.constant(features);
            Operand<TFloat32> l = tf.constant(new float[n][classes]);
            Operand<TFloat32> score = d.scoreOp(new ScoreGraph(tf, null, l, f, dim, classes));
            try (Result r = s.runner().fetch(score).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                double[] graph = new double[n];
                for (int i = 0; i < n; i++) graph[i] = t.getFloat(i);
                return new double[][] {graph, d.referenceScores(new Outputs(n, classes, dim, new float[n * classes], flat))};
            }
        }
    }

    @Test
    void topKKeepsExactlyKAndAllZeroRowsStayFinite() {
        // identity final layer on 4 features; post-ReLU rows with fewer positives than k, and an all-zero row
        float[] w = new float[16];
        for (int i = 0; i < 4; i++) w[i * 4 + i] = 1;
        FitData fit = fitData(w, new float[4], new float[][] {{1, 0, 0, 0}, {0, 2, 0, 0}, {0, 0, 3, 0}, {0, 0, 0, 4}});
        // ASH-B at 50% (k = 2) on [2, 0, 0, 0]: exactly two entries keep s1 / k = 1 (ties towards the lower
        // index, as TopK), not every zero at the threshold
        Ash b = new Ash(Ash.Variant.B, 50, "mls", "features");
        b.fit(fit);
        assertEquals(java.util.List.of(1.0, 1.0, 0.0, 0.0), java.util.Arrays.stream(b.shape(new double[] {2, 0, 0, 0}))
                .boxed().toList());
        float[][] rows = {{2, 0, 0, 0}, {0, 0, 0, 0}, {1, 3, 0, 2}, {0, 0, 5, 0}};
        Scale scale = new Scale(50, "energy", "features");
        scale.fit(fit);
        Ash ashS = new Ash(Ash.Variant.S, 50, "energy", "features");
        ashS.fit(fit);
        Knn knn = new Knn(1, 1.0);
        knn.fit(fit);
        for (Detector d : new Detector[] {b, ashS, scale, knn}) {
            double[][] gr = graphAndReference(d, rows, 4);
            for (int i = 0; i < rows.length; i++) {
                assertTrue(Double.isFinite(gr[1][i]), d.name() + " reference row " + i + " is " + gr[1][i]);
                assertEquals(gr[1][i], gr[0][i], 1e-5 * (1 + Math.abs(gr[1][i])), d.name() + " row " + i);
            }
        }
        // an all-zero feature row is at distance 1 from every unit-norm bank row
        assertEquals(1.0, graphAndReference(knn, rows, 4)[0][1], 1e-6);
    }

    @Test
    void badInputsAreClearErrors() {
        Vim vim = new Vim();
        DetectorNotFittedException nf = assertThrows(DetectorNotFittedException.class, () -> vim.referenceScores(
                new Outputs(1, 2, 2, new float[2], new float[2])));
        assertTrue(nf.getMessage().contains("vim is not fitted"), nf.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DetectorCatalog.create("vimm"));
        assertTrue(e.getMessage().contains("unknown detector 'vimm'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DetectorCatalog.create("knn", Map.of("kk", "3")));
        assertTrue(e.getMessage().contains("has no parameter 'kk'; it takes k, bank_fraction"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DetectorCatalog.create("knn", Map.of("k", "many")));
        assertTrue(e.getMessage().contains("k must be an integer"), e.getMessage());
        try (Classifier m = Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.CPU)) {
            // fitted on 3-d features, asked to score the model's 128-d ones
            float[] w = new float[3 * 5];
            Mahalanobis maha = new Mahalanobis();
            float[][] feats = new float[10][3];
            for (int i = 0; i < 10; i++) feats[i] = new float[] {i, i * i % 7, i % 3};
            maha.fit(fitData(w, new float[5], feats));
            e = assertThrows(IllegalArgumentException.class, () -> new DetectorScorer(m, maha));
            assertTrue(e.getMessage().contains("fitted on 3-d features"), e.getMessage());
        }
    }

    @Test
    void nanScoresAreReportedNotPassedOn() {
        // a detector whose score is log of a negative number: NaN for every image
        Detector broken = new LogitDetector() {
            @Override public String name() { return "broken"; }
            @Override Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
                return tf.math.log(tf.math.sub(GraphOps.scalar(tf, -1), tf.math.abs(GraphOps.rowMax(tf, logits))));
            }
            @Override double score(double[] logits) { return Math.log(-1 - Math.abs(RefMath.max(logits))); }
        };
        try (Classifier m = Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.CPU)) {
            DetectorScorer s = new DetectorScorer(m, broken);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.score(new float[2 * 784], 2));
            assertTrue(e.getMessage().contains("detector broken on mnist04-convnet: 2 NaN or infinite scores"), e.getMessage());
        }
    }

    @Test
    void odinWithoutPerturbationIsTemperatureScaledMspAndThePerturbationRaisesConfidence() {
        try (Classifier m = Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.CPU)) {
            var set = ShippedModels.blobs("b", 64, 28, 28, 1, 11);
            float[] plain = new DetectorScorer(m, new Odin(1000, 0)).score(set.pixels(), 64);
            float[] temp = new DetectorScorer(m, new MaxSoftmax("t", 1000)).score(set.pixels(), 64);
            for (int i = 0; i < 64; i++) assertEquals(temp[i], plain[i], 1e-7);
            float[] perturbed = new DetectorScorer(m, new Odin(1000, 0.0014)).score(set.pixels(), 64);
            int raised = 0;
            for (int i = 0; i < 64; i++) if (perturbed[i] < plain[i]) raised++;
            assertTrue(raised > 48, "the perturbation raises the max softmax for most inputs: " + raised + "/64");
        }
    }

    @Test
    void iodinMovesOnlyTheLargestGradientElementOfEachImage() {
        try (Classifier m = Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.CPU)) {
            var set = ShippedModels.blobs("b", 16, 28, 28, 1, 12);
            float[] px = set.pixels();
            float[] moved = new DetectorScorer(m, new IOdin(1000, 0.01)).transformed(px, 16);
            for (int i = 0; i < 16; i++) {
                int changed = 0;
                for (int j = i * 784; j < (i + 1) * 784; j++) {
                    if (Math.abs(moved[j] - px[j]) > 1e-6) { // (denormal pixels may flush to zero)
                        changed++;
                        assertEquals(0.01, Math.abs(moved[j] - px[j]), 1e-6, "image " + i + " moves by epsilon");
                    }
                }
                assertEquals(1, changed, "image " + i + ": exactly one element perturbed");
            }
            // ODIN with the same settings moves every element
            float[] all = new DetectorScorer(m, new Odin(1000, 0.01)).transformed(px, 16);
            for (int j = 0; j < px.length; j++) assertEquals(0.01, Math.abs(all[j] - px[j]), 1e-6);
        }
    }
}
