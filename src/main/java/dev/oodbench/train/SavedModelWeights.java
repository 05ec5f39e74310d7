package dev.oodbench.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The trained values of a network's variables, read from a training export (the SavedModel that
 * {@code oodbench train} writes with one variable per weight and batch-norm statistic) and written
 * into another graph's variables.
 */
public final class SavedModelWeights {
    private SavedModelWeights() {}

    /** Every variable of {@code arch}, by its {@link Params} name, read from the training export in {@code dir}. */
    public static Map<String, float[]> read(Path dir, Architecture arch) {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException(dir + " holds no SavedModel (saved_model.pb); give a folder "
                    + "written by 'oodbench train'");
        }
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Graph g = new Graph();
             SavedModelBundle b = SavedModelBundle.loader(dir.toString()).withTags("serve").load()) {
            Ops tf = Ops.create(g);
            Params params = new Params(tf, false, 0);
            arch.build(new Layers(tf, params, false), tf.placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, arch.height(), arch.width(), arch.channels()))));
            boolean anyVariable = hasVariables(b.graph());
            for (Params.Param p : params.all()) {
                // the export graph creates the variables in the same order, so TF's de-duplicated
                // names (e.g. conv1_1/bias) agree with this graph's
                String op = p.variable().op().name();
                var found = b.graph().operation(op);
                if (found == null || !found.type().equals("VariableV2")) {
                    throw new IllegalArgumentException(dir + " has no variable " + p.name() + "; "
                            + (anyVariable ? "is it a " + arch.name() + " model?"
                                    : "it is an inference export (weights folded into constants): give the training "
                                            + "export, e.g. models/training/" + arch.name()));
                }
                try (Result r = b.session().runner().fetch(op).run()) {
                    TFloat32 v = (TFloat32) r.get(0);
                    if (!v.shape().equals(p.shape())) {
                        throw new IllegalArgumentException(dir + ": variable " + p.name() + " has shape "
                                + v.shape() + ", " + arch.name() + " needs " + p.shape());
                    }
                    float[] values = new float[Math.toIntExact(v.shape().size())];
                    v.copyTo(DataBuffers.of(values, false, false));
                    out.put(p.name(), values);
                }
            }
        }
        return out;
    }

    /** Assigns each of {@code params}' variables its value from {@code weights} in session {@code s}. */
    static void assign(Ops tf, Session s, Params params, Map<String, float[]> weights) {
        for (Params.Param p : params.all()) {
            float[] v = weights.get(p.name());
            if (v == null || v.length != p.shape().size()) {
                throw new IllegalArgumentException("no trained value of shape " + p.shape() + " for " + p.name());
            }
            Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(p.shape()));
            try (TFloat32 t = TFloat32.tensorOf(p.shape(), DataBuffers.of(v, true, false))) {
                s.runner().feed(in, t).addTarget(tf.assign(p.variable(), in)).run();
            }
        }
    }

    private static boolean hasVariables(Graph g) {
        var it = g.operations();
        while (it.hasNext()) {
            if (it.next().type().equals("VariableV2")) return true;
        }
        return false;
    }
}
