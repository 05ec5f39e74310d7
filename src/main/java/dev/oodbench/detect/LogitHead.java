package dev.oodbench.detect;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The logit score a feature-shaping detector ends with: energy ({@code -logsumexp}) or MLS ({@code -max}). */
enum LogitHead {
    ENERGY, MLS;

    /** The head of ReAct, ASH, SCALE, DICE and VRA unless told otherwise (energy, as in their papers and OpenOOD). */
    static final LogitHead DEFAULT = ENERGY;

    static LogitHead parse(String detector, String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "energy" -> ENERGY;
            case "mls" -> MLS;
            default -> throw new IllegalArgumentException("detector " + detector + ": score must be energy or mls, got '" + s + "'");
        };
    }

    Operand<TFloat32> score(Ops tf, Operand<TFloat32> logits) {
        return this == ENERGY ? tf.math.neg(GraphOps.logSumExp(tf, logits, 1.0)) : tf.math.neg(GraphOps.rowMax(tf, logits));
    }

    double score(double[] logits) {
        return this == ENERGY ? -RefMath.logSumExp(logits, 1.0) : -RefMath.max(logits);
    }

    String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
