package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Base of the detectors that read only the logits and need no fit: one score per logit row. */
abstract class LogitDetector implements Detector {
    @Override
    public boolean needsFit() {
        return false;
    }

    @Override
    public Map<String, Object> params() {
        return new LinkedHashMap<>();
    }

    @Override
    public Operand<TFloat32> scoreOp(ScoreGraph g) {
        return score(g.tf(), g.logits());
    }

    /** The score of a [N, classes] logit tensor. */
    abstract Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits);

    /** The reference score of one logit row. */
    abstract double score(double[] logits);

    @Override
    public double[] referenceScores(Outputs o) {
        double[] s = new double[o.n()];
        for (int i = 0; i < o.n(); i++) s[i] = score(o.logitRow(i));
        return s;
    }

    @Override
    public String toString() {
        return name() + params();
    }
}
