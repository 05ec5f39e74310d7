package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * KL matching: per predicted class k, a template d_k = the mean softmax of the ID training samples
 * predicted as k; score = {@code min_k KL(p || d_k)}. Hendrycks et al., "Scaling Out-of-Distribution
 * Detection for Real-World Settings", ICML 2022. The paper fits templates on a validation split;
 * here they come from the ID training outputs (as OpenOOD's KLM does when no split is given).
 */
public final class KlMatching extends FeatureDetector {
    private static final double EPS = 1e-12;
    private double[][] logTemplates; // [classes][classes], log d_k

    @Override public String name() { return "kl-matching"; }

    @Override
    public Map<String, Object> params() {
        return new LinkedHashMap<>();
    }

    @Override
    void doFit(FitData data) {
        Outputs t = data.train();
        int c = t.classes();
        double[][] sum = new double[c][c];
        int[] count = new int[c];
        for (int n = 0; n < t.n(); n++) {
            int k = t.predicted(n);
            double[] p = RefMath.softmax(t.logitRow(n), 1.0);
            for (int j = 0; j < c; j++) sum[k][j] += p[j];
            count[k]++;
        }
        logTemplates = new double[c][c];
        for (int k = 0; k < c; k++) {
            for (int j = 0; j < c; j++) {
                double d = count[k] == 0 ? 1.0 / c : sum[k][j] / count[k];
                logTemplates[k][j] = Math.log(Math.max(d, EPS));
            }
        }
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        int c = g.classes();
        Operand<TFloat32> logp = tf.nn.logSoftmax(g.logits());
        Operand<TFloat32> p = tf.math.exp(logp);
        Operand<TFloat32> negEntropy = GraphOps.rowSum(tf, tf.math.mul(p, logp)); // sum p log p
        // cross terms sum_j p_j log d_kj for every k: p [N,c] x logD^T [c,c]
        Operand<TFloat32> cross = tf.linalg.matMul(p, GraphOps.constant(tf, GaussianScores.flatten(logTemplates), c, c),
                MatMul.transposeB(true));
        Operand<TFloat32> kl = tf.math.sub(tf.reshape(negEntropy, tf.constant(new int[] {-1, 1})), cross);
        return GraphOps.rowMin(tf, kl);
    }

    @Override
    public double[] referenceScores(Outputs o) {
        requireFitted(o.dim(), o.classes());
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) {
            double lse = RefMath.logSumExp(o.logitRow(n), 1.0);
            double best = Double.POSITIVE_INFINITY;
            for (double[] logD : logTemplates) {
                double kl = 0;
                for (int j = 0; j < o.classes(); j++) {
                    double lp = o.logit(n, j) - lse;
                    kl += Math.exp(lp) * (lp - logD[j]);
                }
                best = Math.min(best, kl);
            }
            s[n] = best;
        }
        return s;
    }
}
