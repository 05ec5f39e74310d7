package dev.oodbench.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** A network the suite trains and ships: its input contract, how to build it, and its training recipe. */
public interface Architecture {
    String name();
    int height();
    int width();
    int channels();
    int classes();
    int featureDim();

    /** Builds one branch over {@code layers}' parameters; images are NHWC in [0,1]. */
    Net build(Layers layers, Operand<TFloat32> images);

    /** The default recipe (epochs, batch, learning-rate schedule, weight decay, augmentation, seed). */
    Recipe recipe();

    /** What a built branch gives: logits, penultimate features and the final layer's variables. */
    record Net(Operand<TFloat32> logits, Operand<TFloat32> features, Variable<TFloat32> weight,
               Variable<TFloat32> bias, List<Op> statUpdates) {}
}
