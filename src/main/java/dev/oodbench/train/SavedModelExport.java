package dev.oodbench.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained network as an inference-only SavedModel (tag {@code serve}). The default
 * signature ({@code serving_default}) maps {@code images} [N,H,W,C] in [0,1] to {@code logits}
 * [N,classes] and {@code features} [N,D]; the signature {@code final_layer} has no inputs and
 * returns the last dense layer's {@code weight} [D,classes] and {@code bias} [classes].
 */
public final class SavedModelExport {
    public static final String FINAL_LAYER_KEY = "final_layer";

    private SavedModelExport() {}

    public static void export(Architecture arch, Map<String, float[]> weights, Path dir) throws IOException {
        if (Files.exists(dir.resolve("saved_model.pb"))) {
            throw new IOException(dir + " already holds a SavedModel; choose another --out or delete it first");
        }
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Params params = new Params(tf, false, 0);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, arch.height(), arch.width(), arch.channels())));
            Architecture.Net net = arch.build(new Layers(tf, params, false), images);
            Operand<TFloat32> logits = tf.withName("logits").identity(net.logits());
            Operand<TFloat32> features = tf.withName("features").identity(net.features());
            Operand<TFloat32> weight = tf.withName("final_weight").identity(net.weight());
            Operand<TFloat32> bias = tf.withName("final_bias").identity(net.bias());
            try (Session s = new Session(g)) {
                for (Params.Param p : params.all()) {
                    float[] v = weights.get(p.name());
                    if (v == null || v.length != p.shape().size()) {
                        throw new IllegalArgumentException("no trained value of shape " + p.shape() + " for " + p.name());
                    }
                    Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(p.shape()));
                    var assign = tf.assign(p.variable(), in);
                    try (TFloat32 t = TFloat32.tensorOf(p.shape(), DataBuffers.of(v, true, false))) {
                        s.runner().feed(in, t).addTarget(assign).run();
                    }
                }
                Files.createDirectories(dir);
                SavedModelBundle.exporter(dir.toString()).withSession(s)
                        .withSignature(Signature.builder().key(Signature.DEFAULT_KEY)
                                .input("images", images).output("logits", logits).output("features", features).build())
                        .withSignature(Signature.builder().key(FINAL_LAYER_KEY)
                                .output("weight", weight).output("bias", bias).build())
                        .export();
            }
        }
    }
}
