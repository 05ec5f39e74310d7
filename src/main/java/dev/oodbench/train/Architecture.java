package dev.oodbench.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
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

    /**
     * What a built branch gives: logits, penultimate features, the final layer's variables, the
     * output of each stage in depth order (the last is the map the features are pooled or
     * flattened from), the batch-norm statistic updates of a training branch, and the map head:
     * the dense ReLU layers between the flattened last map and the features (empty when the
     * features are the last map's global average pool).
     */
    record Net(Operand<TFloat32> logits, Operand<TFloat32> features, Operand<TFloat32> weight,
               Operand<TFloat32> bias, List<Stage> stages, List<Op> statUpdates, List<Layers.Dense> mapHead) {}

    /**
     * One stage's output map [N,H,W,C]. Names sort in depth order ({@code stage1 < stage2 < ...}),
     * which is how a loaded model orders them (a signature's outputs have no order of their own).
     */
    record Stage(String name, Operand<TFloat32> map) {}
}
