package dev.oodbench.train;

import dev.oodbench.model.Classifier;
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
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes a trained network as an inference-only SavedModel (tag {@code serve}). The default
 * signature ({@code serving_default}) maps {@code images} [N,H,W,C] in [0,1] to {@code logits}
 * [N,classes] and {@code features} [N,D]; the signature {@code final_layer} has no inputs and
 * returns the last dense layer's {@code weight} [D,classes] and {@code bias} [classes]; the
 * signature {@code activations} maps {@code images} to each stage's output map, by stage name;
 * the signature {@code map_head} has no inputs and returns the layers between the last map and the
 * features: method name {@code average_pool} (features = the map's global average pool, no
 * outputs but a marker) or {@code flatten} (features = the flattened map through dense ReLU layers
 * {@code weight_0}, {@code bias_0}, {@code weight_1}, ...).
 */
public final class SavedModelExport {
    public static final String FINAL_LAYER_KEY = Classifier.FINAL_LAYER_KEY;
    public static final String ACTIVATIONS_KEY = Classifier.ACTIVATIONS_KEY;
    public static final String MAP_HEAD_KEY = Classifier.MAP_HEAD_KEY;

    private SavedModelExport() {}

    /** The training export: one variable per weight and batch-norm statistic, what {@code --init-from} reads. */
    public static void export(Architecture arch, Map<String, float[]> weights, Path dir) throws IOException {
        refuseOverwrite(dir);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Params params = new Params(tf, false, 0);
            Placeholder<TFloat32> images = images(tf, arch);
            Architecture.Net net = arch.build(new Layers(tf, params, false), images);
            try (Session s = new Session(g)) {
                SavedModelWeights.assign(tf, s, params, weights);
                write(tf, s, images, net, dir);
            }
        }
    }

    /**
     * The inference export of the same trained {@code weights} (as {@link SavedModelWeights#read}
     * gives them): batch norm folded into the convolutions, Conv2D -> BiasAdd -> Relu throughout, no
     * training-only ops, in the shipped {@link Layers.InferenceForm#DEFAULT} form.
     */
    public static void exportInference(Architecture arch, Map<String, float[]> weights, Path dir) throws IOException {
        exportInference(arch, weights, dir, Layers.InferenceForm.DEFAULT);
    }

    /** As {@link #exportInference(Architecture, Map, Path)} in another measured form. */
    public static void exportInference(Architecture arch, Map<String, float[]> weights, Path dir,
                                       Layers.InferenceForm form) throws IOException {
        refuseOverwrite(dir);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> images = images(tf, arch);
            Architecture.Net net = arch.build(Layers.inference(tf, weights, form), images);
            try (Session s = new Session(g)) {
                if (form.variables()) s.initialize();
                write(tf, s, images, net, dir);
            }
        }
    }

    private static Placeholder<TFloat32> images(Ops tf, Architecture arch) {
        return tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, arch.height(), arch.width(), arch.channels())));
    }

    /** Fails when {@code dir} already holds a SavedModel (checked by {@code train} before training, and again on export). */
    public static void refuseOverwrite(Path dir) throws IOException {
        if (Files.exists(dir.resolve("saved_model.pb"))) {
            throw new IOException(dir + " already holds a SavedModel; choose another --out or delete it first");
        }
    }

    /**
     * Names the outputs of {@code net} and writes the three signatures of a shipped model from
     * session {@code s}, whose variables (if any) hold their values.
     */
    static void write(Ops tf, Session s, Placeholder<TFloat32> images, Architecture.Net net, Path dir) throws IOException {
        Operand<TFloat32> logits = tf.withName("logits").identity(net.logits());
        Operand<TFloat32> features = tf.withName("features").identity(net.features());
        Operand<TFloat32> weight = tf.withName("final_weight").identity(net.weight());
        Operand<TFloat32> bias = tf.withName("final_bias").identity(net.bias());
        Signature.Builder maps = Signature.builder().key(ACTIVATIONS_KEY).input("images", images);
        Ops act = tf.withSubScope("activations");
        for (Architecture.Stage st : net.stages()) {
            maps.output(st.name(), act.withName(st.name()).identity(st.map()));
        }
        Signature.Builder head = Signature.builder().key(MAP_HEAD_KEY);
        Ops hd = tf.withSubScope("map_head");
        if (net.mapHead().isEmpty()) {
            head.methodName(Classifier.MAP_HEAD_POOL).output("average_pool", hd.withName("average_pool").constant(1f));
        } else {
            head.methodName(Classifier.MAP_HEAD_FLATTEN);
            for (int i = 0; i < net.mapHead().size(); i++) {
                head.output("weight_" + i, hd.withName("weight_" + i).identity(net.mapHead().get(i).weight()));
                head.output("bias_" + i, hd.withName("bias_" + i).identity(net.mapHead().get(i).bias()));
            }
        }
        Files.createDirectories(dir);
        SavedModelBundle.exporter(dir.toString()).withSession(s)
                .withSignature(Signature.builder().key(Signature.DEFAULT_KEY)
                        .input("images", images).output("logits", logits).output("features", features).build())
                .withSignature(Signature.builder().key(FINAL_LAYER_KEY)
                        .output("weight", weight).output("bias", bias).build())
                .withSignature(maps.build())
                .withSignature(head.build())
                .export();
    }
}
