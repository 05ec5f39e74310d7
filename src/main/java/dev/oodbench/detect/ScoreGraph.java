package dev.oodbench.detect;

import dev.oodbench.model.MapHead;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where a detector builds its score: ops scoped inside the loaded model's graph, and the model's
 * input and outputs there. {@code maps} are the stage output maps [N,H,W,C] in depth order (names and
 * [H,W,C] shapes alongside), computed in the same graph, and {@code mapHead} the layers between the
 * last map and the features; both empty/null for a model exported without them. Ops on the maps
 * are only computed (and the maps only fetched) by detectors that use them.
 */
public record ScoreGraph(Ops tf, Operand<TFloat32> images, Operand<TFloat32> logits, Operand<TFloat32> features,
                         int classes, int dim, List<Operand<TFloat32>> maps, List<String> mapNames,
                         List<int[]> mapShapes, MapHead mapHead) {
    /** A graph without stage maps (logit and feature detectors). */
    public ScoreGraph(Ops tf, Operand<TFloat32> images, Operand<TFloat32> logits, Operand<TFloat32> features,
                      int classes, int dim) {
        this(tf, images, logits, features, classes, dim, List.of(), List.of(), List.of(), null);
    }

    /** The stage maps, or a clear error naming {@code detector} when the model exports none. */
    public List<Operand<TFloat32>> requireMaps(String detector) {
        if (maps.isEmpty() || mapHead == null) {
            throw new IllegalArgumentException("detector " + detector + " reads the stage maps, but this model exports no "
                    + "'activations' and 'map_head' signatures; re-export it with oodbench model export");
        }
        return maps;
    }
}
