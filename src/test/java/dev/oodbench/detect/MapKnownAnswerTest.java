package dev.oodbench.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.model.MapHead;
import dev.oodbench.model.Outputs;
import dev.oodbench.model.StageMaps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Hand-computed answers for the detectors that read stage maps, on tiny maps: each scored in a graph
 * over constant maps and by its float64 reference, both held to the arithmetic in the comments.
 */
class MapKnownAnswerTest {
    /** A batch of stage maps: {@code maps[s][i]} is image i's map of stage s ([H*W*C], NHWC order). */
    static StageMaps stageMaps(List<int[]> shapes, double[][][] maps) {
        int n = maps[0].length;
        List<String> names = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (int s = 0; s < shapes.size(); s++) {
            names.add("stage" + (s + 1));
            int size = shapes.get(s)[0] * shapes.get(s)[1] * shapes.get(s)[2];
            float[] v = new float[n * size];
            for (int i = 0; i < n; i++) for (int j = 0; j < size; j++) v[i * size + j] = (float) maps[s][i][j];
            values.add(v);
        }
        return new StageMaps(n, names, shapes, values);
    }

    /** Outputs of the maps' images: features = the head on the last map, logits through (weight, bias). */
    static Outputs outputs(StageMaps m, MapHead head, float[] weight, float[] bias) {
        int dim = weight.length / bias.length;
        MapNetwork net = new MapNetwork(head, m.shapes().get(m.last()), weight, bias, dim);
        float[] f = new float[m.n() * dim];
        float[] l = new float[m.n() * bias.length];
        for (int i = 0; i < m.n(); i++) {
            double[] h = net.features(m.map(m.last(), i));
            double[] z = net.logits(m.map(m.last(), i));
            for (int d = 0; d < dim; d++) f[i * dim + d] = (float) h[d];
            for (int c = 0; c < bias.length; c++) l[i * bias.length + c] = (float) z[c];
        }
        return new Outputs(m.n(), bias.length, dim, l, f);
    }

    /** Fit data over training maps {@code m} with labels: pooled stages, the head, and a one-batch map stream. */
    static FitData fit(StageMaps m, int[] labels, MapHead head, float[] weight, float[] bias) {
        List<int[]> pooledShapes = new ArrayList<>();
        List<float[]> pooled = new ArrayList<>();
        for (int s = 0; s < m.stages(); s++) {
            int c = m.channels(s);
            int hw = m.size(s) / c;
            float[] p = new float[m.n() * c];
            for (int i = 0; i < m.n(); i++) {
                double[] x = m.map(s, i);
                for (int j = 0; j < hw; j++) for (int k = 0; k < c; k++) p[i * c + k] += (float) (x[j * c + k] / hw);
            }
            pooledShapes.add(new int[] {1, 1, c});
            pooled.add(p);
        }
        return new FitData(outputs(m, head, weight, bias), labels, weight, bias)
                .withMaps(new StageMaps(m.n(), m.names(), pooledShapes, pooled), head, b -> b.accept(0, m));
    }

    /** {graph scores, reference scores} of fitted {@code d} on maps {@code m}. */
    static double[][] scores(Detector d, StageMaps m, MapHead head, float[] weight, float[] bias) {
        Outputs o = outputs(m, head, weight, bias);
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            List<Operand<TFloat32>> maps = new ArrayList<>();
            for (int st = 0; st < m.stages(); st++) {
                int[] sh = m.shapes().get(st);
                maps.add(GraphOps.constant(tf, m.values().get(st), m.n(), sh[0], sh[1], sh[2]));
            }
            Operand<TFloat32> f = GraphOps.constant(tf, o.features(), o.n(), o.dim());
            Operand<TFloat32> l = GraphOps.constant(tf, o.logits(), o.n(), o.classes());
            Operand<TFloat32> score = d.scoreOp(new ScoreGraph(tf, null, l, f, o.classes(), o.dim(), maps, m.names(),
                    m.shapes(), head));
            try (Result r = s.runner().fetch(score).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                double[] graph = new double[o.n()];
                for (int i = 0; i < o.n(); i++) graph[i] = t.getFloat(i);
                return new double[][] {graph, d.referenceScores(o, m)};
            }
        }
    }

    static void assertScores(Detector d, StageMaps m, MapHead head, float[] weight, float[] bias, double[] expected,
                             double tol) {
        double[][] gr = scores(d, m, head, weight, bias);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], gr[1][i], tol * (1 + Math.abs(expected[i])), d.name() + " reference, image " + i);
            assertEquals(expected[i], gr[0][i], tol * 100 * (1 + Math.abs(expected[i])), d.name() + " graph, image " + i);
        }
    }

    static final float[] IDENTITY2 = {1, 0, 0, 1};

    /** One 2x1x2 map (H=2, W=1, C=2), NHWC values [4, 1, 2, 3]: channel 0 = {4, 2}, channel 1 = {1, 3}. */
    static StageMaps oneMap(double... values) {
        return stageMaps(List.of(new int[] {2, 1, 2}), new double[][][] {{values}});
    }

    static double energy(double... z) {
        return -RefMath.logSumExp(z, 1.0);
    }

    private static Detector fitted(Detector d, StageMaps m, MapHead head) {
        d.fit(fit(m, new int[m.n()], head, IDENTITY2, new float[2]));
        return d;
    }

    @Test
    void ashAndScaleShapeTheLastMapThenPoolAndScoreTheEnergy() {
        StageMaps m = oneMap(4, 1, 2, 3);
        MapHead pool = MapHead.averagePool();
        double f = Math.exp(10.0 / 7); // s1 = 10, s2 = 4 + 3 = 7 (the top k = 2 of 4 at percentile 50)
        // ASH-P: keep 4 and 3 -> [4, 0, 0, 3]; pooled per channel: [(4 + 0) / 2, (0 + 3) / 2] = [2, 1.5]
        assertScores(fitted(new Ash(Ash.Variant.P, 50, "energy", "map"), m, pool), m, pool, IDENTITY2, new float[2],
                new double[] {energy(2, 1.5)}, 1e-9);
        // ASH-B: kept ones become s1 / k = 5 -> [5, 0, 0, 5] -> [2.5, 2.5]
        assertScores(fitted(new Ash(Ash.Variant.B, 50, "energy", "map"), m, pool), m, pool, IDENTITY2, new float[2],
                new double[] {energy(2.5, 2.5)}, 1e-9);
        // ASH-S: [4, 0, 0, 3] * e^{10/7} -> [2f, 1.5f]
        assertScores(fitted(new Ash(Ash.Variant.S, 50, "energy", "map"), m, pool), m, pool, IDENTITY2, new float[2],
                new double[] {energy(2 * f, 1.5 * f)}, 1e-9);
        // SCALE: every activation times e^{10/7} -> [3f, 2f]
        assertScores(fitted(new Scale(50, "energy", "map"), m, pool), m, pool, IDENTITY2, new float[2],
                new double[] {energy(3 * f, 2 * f)}, 1e-9);
    }

    @Test
    void aFlatteningHeadRunsTheDenseReluLayerOnTheShapedMap() {
        StageMaps m = oneMap(4, 1, 2, 3);
        // dense [4 -> 2]: feature 0 = x0 + x1, feature 1 = ReLU(x2 + x3 - 10)
        MapHead dense = new MapHead(true, List.of(new float[] {1, 0, 1, 0, 0, 1, 0, 1}), List.of(new float[] {0, -10}));
        // ASH-P at 50%: [4, 0, 0, 3] -> features [4, ReLU(3 - 10) = 0]
        assertScores(fitted(new Ash(Ash.Variant.P, 50, "energy", "map"), m, dense), m, dense, IDENTITY2, new float[2],
                new double[] {energy(4, 0)}, 1e-9);
        // unshaped (SCALE at a factor of e^{10/7} on [4, 1, 2, 3]): features [5f, ReLU(5f - 10)]
        double f = Math.exp(10.0 / 7);
        assertScores(fitted(new Scale(50, "energy", "map"), m, dense), m, dense, IDENTITY2, new float[2],
                new double[] {energy(5 * f, Math.max(0, 5 * f - 10))}, 1e-9);
    }

    @Test
    void rankFeatRemovesTheLargestSingularComponent() {
        MapHead pool = MapHead.averagePool();
        // [H*W, C] = [[1, 0], [0, 3]]: singular values 3 (e2 e2^T) and 1; removing 3 e2 e2^T leaves [[1, 0], [0, 0]],
        // pooled per channel [0.5, 0]: energy -log(e^0.5 + 1); at T = 2, -2 log(e^0.25 + 1)
        StageMaps diag = oneMap(1, 0, 0, 3);
        assertScores(fitted(new RankFeat(), diag, pool), diag, pool, IDENTITY2, new float[2],
                new double[] {energy(0.5, 0)}, 1e-9);
        assertScores(fitted(new RankFeat(2), diag, pool), diag, pool, IDENTITY2, new float[2],
                new double[] {-2 * Math.log(Math.exp(0.25) + 1)}, 1e-9);
        // a rank-1 map [[1, 2], [2, 4]] is removed entirely: logits = bias = [0, 0], energy -log 2
        StageMaps rankOne = oneMap(1, 2, 2, 4);
        assertScores(fitted(new RankFeat(), rankOne, pool), rankOne, pool, IDENTITY2, new float[2],
                new double[] {-Math.log(2)}, 1e-6);
    }

    @Test
    void mdsEnsembleSumsEachStagesMinimumMahalanobisDistance() {
        // stage1 [2,1,1] (pooled = mean of two values), stage2 [1,1,2]; classes 0, 0, 1, 1
        List<int[]> shapes = List.of(new int[] {2, 1, 1}, new int[] {1, 1, 2});
        StageMaps train = stageMaps(shapes, new double[][][] {
                {{-1, -1}, {1, 1}, {3, 3}, {5, 5}}, // pooled -1, 1 | 3, 5: means 0 and 4, pooled variance 1
                {{1, 0}, {-1, 0}, {10, 1}, {10, -1}}}); // means (0,0), (10,0); covariance diag(1/2, 1/2)
        MdsEnsemble d = new MdsEnsemble();
        d.fit(fit(train, new int[] {0, 0, 1, 1}, MapHead.averagePool(), IDENTITY2, new float[2]));
        assertEquals(4, d.means()[0][1][0], 1e-12);
        StageMaps test = stageMaps(shapes, new double[][][] {{{2, 4}, {0, 0}}, {{5, 1}, {10, 2}}});
        // image 0: stage1 pooled 3 -> min(9, 1) = 1; stage2 (5, 1) -> 2 * (25 + 1) = 52 to either mean: 53
        // image 1: stage1 pooled 0 -> 0; stage2 (10, 2) -> 2 * (0 + 4) = 8 to class 1: 8
        assertScores(d, test, MapHead.averagePool(), IDENTITY2, new float[2], new double[] {53, 8}, 1e-9);
    }

    @Test
    void gramSumsTheNormalisedDeviationsOutsideThePredictedClassRange() {
        // one stage [H*W = 2, C = 2]; gram features per power p: r_k = sum_hw a_hw,k^p sum_j a_hw,j^p, then r^(1/p)
        List<int[]> shapes = List.of(new int[] {2, 1, 2});
        StageMaps train = stageMaps(shapes, new double[][][] {{
                {1, 0, 0, 1}, // class 0: p=1 [1, 1], p=2 sqrt([1, 1]) = [1, 1]
                {2, 0, 0, 2}, // class 0: p=1 [4, 4], p=2 sqrt([16, 16]) = [4, 4]
                {1, 1, 1, 1}}}); // class 1: p=1 [4, 4], p=2 sqrt([4, 4]) = [2, 2]
        Gram d = new Gram(2);
        d.fit(fit(train, new int[] {0, 0, 1}, MapHead.averagePool(), IDENTITY2, new float[2]));
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0), java.util.Arrays.stream(d.ranges()[0][0]).boxed().toList());
        assertEquals(List.of(4.0, 4.0, 2.0, 2.0), java.util.Arrays.stream(d.ranges()[1][1]).boxed().toList());
        StageMaps test = stageMaps(shapes, new double[][][] {{
                {3, 0, 0, 0}, // logits [1.5, 0]: class 0; p=1 [9, 0], p=2 sqrt([81, 0]) = [9, 0]
                {0, 1, 0, 1}, // logits [0, 1]: class 1; p=1 [0, 2], p=2 sqrt([0, 2])
                {2, 0, 0, 2}}}); // a training image of class 0 (logits tie, lowest index): inside its range
        double e = Gram.EPS;
        double first = 2 * ((9 - 4) / (4 + e) + (1 - 0) / (1 + e)); // above max 4 on channel 0, below min 1 on channel 1
        double second = (4 - 0) / (4 + e) + (4 - 2) / (4 + e) + (2 - 0) / (2 + e) + (2 - Math.sqrt(2)) / (2 + e);
        assertScores(d, test, MapHead.averagePool(), IDENTITY2, new float[2], new double[] {first, second, 0}, 1e-9);
    }

    @Test
    void theScatteredTopKMaskEqualsTheOneHotOneTiesIncluded() {
        // 3 rows of 1,500 values, mostly zeros (ties at the cut-off) and a few repeated positives
        int n = 3;
        int dim = 1500;
        float[] x = new float[n * dim];
        java.util.Random rng = new java.util.Random(7);
        for (int i = 0; i < x.length; i++) x[i] = rng.nextInt(4) == 0 ? rng.nextInt(5) : 0;
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> c = GraphOps.constant(tf, x, n, dim);
            for (int k : new int[] {1, 150, 600}) {
                try (Result r = s.runner().fetch(GraphOps.topKMask(tf, c, k, dim)).fetch(GraphOps.topKMaskScattered(tf, c, k)).run()) {
                    TFloat32 a = (TFloat32) r.get(0);
                    TFloat32 b = (TFloat32) r.get(1);
                    for (int i = 0; i < n; i++) {
                        int ones = 0;
                        for (int j = 0; j < dim; j++) {
                            assertEquals(a.getFloat(i, j), b.getFloat(i, j), "k " + k + " row " + i + " column " + j);
                            ones += (int) b.getFloat(i, j);
                        }
                        assertEquals(k, ones, "exactly k kept");
                    }
                }
            }
        }
    }

    @Test
    void mapDetectorsRefuseFitDataWithoutTheMapHeadAndAReferenceWithoutMaps() {
        FitData plain = new FitData(new Outputs(1, 2, 2, new float[2], new float[2]), new int[1], IDENTITY2, new float[2]);
        Ash ash = new Ash(Ash.Variant.P, 90, "energy", "map");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ash.fit(plain));
        assertTrue(e.getMessage().contains("ash-p") && e.getMessage().contains("map head"), e.getMessage());
        Ash onFeatures = new Ash(Ash.Variant.P, 90, "energy", "features");
        onFeatures.fit(plain);
        assertTrue(!onFeatures.needsMaps() && ash.needsMaps());
        UnsupportedOperationException u = assertThrows(UnsupportedOperationException.class,
                () -> fitted(new Ash(Ash.Variant.P, 50, "energy", "map"), oneMap(4, 1, 2, 3), MapHead.averagePool())
                        .referenceScores(plain.train()));
        assertTrue(u.getMessage().contains("maps"), u.getMessage());
    }
}
