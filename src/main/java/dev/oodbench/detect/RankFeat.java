package dev.oodbench.detect;

import dev.oodbench.model.MapHead;
import dev.oodbench.model.Outputs;
import dev.oodbench.model.StageMaps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.Svd;
import org.tensorflow.types.TFloat32;

/**
 * RankFeat: per image, remove the rank-1 component of the last stage map seen as a matrix
 * [C, H*W] (its largest singular value times its singular vectors, {@code X - s1 u1 v1^T}), run the
 * rest of the network on what is left and score the energy of the recomputed logits,
 * {@code -T logsumexp(z / T)}. Song, Sebe & Wang, "RankFeat: Rank-1 Feature Removal for
 * Out-of-distribution Detection", NeurIPS 2022.
 *
 * <p>As OpenOOD v1.5's default config ({@code accelerate: False}, temperature 1) this uses the exact
 * SVD (TensorFlow's batched Svd in the graph, EJML's in the float64 reference), not the 20-step
 * power iteration. OpenOOD averages the logits of two variants, rank-1 removal on ResNet-50's block 4
 * and on block 3 followed by block 4; here only the last stage map is used (ResNet-20's stage3, the
 * convnet's block2), since re-running a stage of a loaded SavedModel on a changed input would need its
 * ops copied. The singular vectors' signs do not matter: {@code s1 u1 v1^T} is the same either way.
 */
public final class RankFeat extends FeatureDetector {
    public static final double DEFAULT_TEMPERATURE = 1;

    private final double temperature;
    private float[] weight;
    private float[] bias;
    private MapHead mapHead;

    public RankFeat() {
        this(DEFAULT_TEMPERATURE);
    }

    public RankFeat(double temperature) {
        if (!(temperature > 0)) throw new IllegalArgumentException("rankfeat: temperature must be > 0, got " + temperature);
        this.temperature = temperature;
    }

    @Override public String name() { return "rankfeat"; }

    @Override
    public Map<String, Object> params() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("temperature", temperature);
        return p;
    }

    @Override
    public boolean needsMaps() {
        return true;
    }

    @Override
    void doFit(FitData data) {
        weight = data.weight();
        bias = data.bias();
        mapHead = data.requireMapHead(name());
    }

    private MapNetwork network(int[] shape) {
        return new MapNetwork(mapHead, shape, weight, bias, weight.length / bias.length);
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        List<Operand<TFloat32>> maps = g.requireMaps(name());
        int[] sh = g.mapShapes().get(maps.size() - 1);
        MapNetwork net = network(sh);
        int hw = sh[0] * sh[1];
        int c = sh[2];
        // NHWC map as [N, H*W, C]: the transpose of the paper's [C, H*W], whose rank-1 part is the transpose of the other's
        Operand<TFloat32> x = tf.reshape(maps.get(maps.size() - 1), tf.constant(new int[] {-1, hw, c}));
        Svd<TFloat32> svd = tf.linalg.svd(x, Svd.fullMatrices(false), Svd.computeUv(true));
        Operand<TFloat32> s1 = tf.reshape(tf.slice(svd.s(), tf.constant(new int[] {0, 0}), tf.constant(new int[] {-1, 1})),
                tf.constant(new int[] {-1, 1, 1}));
        Operand<TFloat32> u1 = tf.slice(svd.u(), tf.constant(new int[] {0, 0, 0}), tf.constant(new int[] {-1, -1, 1}));
        Operand<TFloat32> v1 = tf.reshape(tf.slice(svd.v(), tf.constant(new int[] {0, 0, 0}), tf.constant(new int[] {-1, -1, 1})),
                tf.constant(new int[] {-1, 1, c}));
        Operand<TFloat32> rest = tf.math.sub(x, tf.math.mul(s1, tf.math.mul(u1, v1)));
        Operand<TFloat32> logits = net.logits(tf, tf.reshape(rest, tf.constant(new int[] {-1, net.size()})));
        return tf.math.neg(GraphOps.logSumExp(tf, logits, temperature));
    }

    @Override
    public double[] referenceScores(Outputs o, StageMaps maps) {
        requireFitted(o.dim(), o.classes());
        int[] sh = maps.shapes().get(maps.last());
        MapNetwork net = network(sh);
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) {
            s[n] = -RefMath.logSumExp(net.logits(removeRankOne(maps.map(maps.last(), n), sh[0] * sh[1], sh[2])), temperature);
        }
        return s;
    }

    @Override
    public double[] referenceScores(Outputs o) {
        throw new UnsupportedOperationException("detector rankfeat reads the last stage map; its reference needs the maps: "
                + "referenceScores(outputs, maps)");
    }

    /** {@code X - s1 u1 v1^T} of the [rows, cols] row-major matrix {@code x}, by an exact float64 SVD. */
    static double[] removeRankOne(double[] x, int rows, int cols) {
        DMatrixRMaj a = new DMatrixRMaj(rows, cols, true, x);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(rows, cols, true, true, true);
        if (!svd.decompose(a.copy())) throw new IllegalStateException("rankfeat: SVD did not converge");
        double[] w = svd.getSingularValues();
        int top = 0;
        for (int i = 1; i < svd.numberOfSingularValues(); i++) if (w[i] > w[top]) top = i;
        DMatrixRMaj u = svd.getU(null, false); // [rows, k]
        DMatrixRMaj v = svd.getV(null, false); // [cols, k]
        double[] out = x.clone();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) out[i * cols + j] -= w[top] * u.get(i, top) * v.get(j, top);
        }
        return out;
    }
}
