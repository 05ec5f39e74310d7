package dev.oodbench.detect;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where a detector builds its score: ops scoped inside the loaded model's graph, and the model's
 * input and outputs there.
 */
public record ScoreGraph(Ops tf, Operand<TFloat32> images, Operand<TFloat32> logits, Operand<TFloat32> features,
                         int classes, int dim) {
}
