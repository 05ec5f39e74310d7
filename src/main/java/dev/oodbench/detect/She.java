package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;

/**
 * SHE, simplified Hopfield energy: one stored pattern per class, the mean feature of the ID
 * training samples the model classifies correctly; score = {@code -<h, pattern_pred>} with pred the
 * predicted class (negated so higher = more OOD). Zhang et al., "Out-of-Distribution Detection
 * based on In-Distribution Data Patterns Memorization with Modern Hopfield Energy", ICLR 2023.
 */
public final class She extends FeatureDetector {
    private double[][] patterns; // [classes][dim]

    @Override public String name() { return "she"; }

    @Override
    public Map<String, Object> params() {
        return new LinkedHashMap<>();
    }

    @Override
    void doFit(FitData data) {
        Outputs t = data.train();
        patterns = new double[t.classes()][t.dim()];
        int[] count = new int[t.classes()];
        for (int n = 0; n < t.n(); n++) {
            int c = data.labels()[n];
            if (t.predicted(n) != c) continue;
            count[c]++;
            for (int d = 0; d < t.dim(); d++) patterns[c][d] += t.feature(n, d);
        }
        for (int c = 0; c < patterns.length; c++) {
            if (count[c] == 0) throw new IllegalArgumentException("she: no correctly classified training sample of class " + c);
            for (int d = 0; d < t.dim(); d++) patterns[c][d] /= count[c];
        }
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        requireFitted(g.dim(), g.classes());
        Ops tf = g.tf();
        Operand<TFloat32> sims = tf.linalg.matMul(g.features(), GraphOps.constant(tf, GaussianScores.flatten(patterns),
                g.classes(), g.dim()), MatMul.transposeB(true));
        Operand<TFloat32> pred = tf.oneHot(tf.math.argMax(g.logits(), tf.constant(1)), tf.constant(g.classes()),
                GraphOps.scalar(tf, 1), GraphOps.scalar(tf, 0));
        return tf.math.neg(GraphOps.rowSum(tf, tf.math.mul(sims, pred)));
    }

    @Override
    public double[] referenceScores(Outputs o) {
        requireFitted(o.dim(), o.classes());
        double[] s = new double[o.n()];
        for (int n = 0; n < o.n(); n++) {
            double[] p = patterns[o.predicted(n)];
            double dot = 0;
            for (int d = 0; d < o.dim(); d++) dot += o.feature(n, d) * p[d];
            s[n] = -dot;
        }
        return s;
    }
}
