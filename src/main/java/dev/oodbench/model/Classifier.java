package dev.oodbench.model;

import dev.oodbench.data.Batches;
import dev.oodbench.data.ImageSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * A loaded SavedModel on a {@link Device}: images [N,H,W,C] in [0,1] to {@link Outputs}. The graph
 * stays open for extension: detectors add their score ops to it so that one {@code Session.run}
 * turns images into scores.
 */
public final class Classifier implements AutoCloseable {
    public static final String FINAL_LAYER_KEY = "final_layer";
    /** Signature of the stage outputs (feature maps), {@code images} to one output per stage. */
    public static final String ACTIVATIONS_KEY = "activations";
    /** Signature of the layers between the last stage map and the features ({@link MapHead}). */
    public static final String MAP_HEAD_KEY = "map_head";
    /** {@link #MAP_HEAD_KEY}'s method name when the features are the last map's global average pool. */
    public static final String MAP_HEAD_POOL = "average_pool";
    /** {@link #MAP_HEAD_KEY}'s method name when the features are the flattened last map through dense ReLU layers. */
    public static final String MAP_HEAD_FLATTEN = "flatten";

    private final String name;
    private final Device device;
    private final SavedModelBundle bundle;
    private final Output<TFloat32> images;
    private final Output<TFloat32> logits;
    private final Output<TFloat32> features;
    private final List<String> activationNames;
    private final List<Output<TFloat32>> activations;
    private final List<int[]> activationShapes;
    private final MapHead mapHead;
    private List<Operand<TFloat32>> pooledActivations;
    private final int height;
    private final int width;
    private final int channels;
    private final int classes;
    private final int dim;
    private final float[] weight;
    private final float[] bias;
    private final AtomicInteger scopes = new AtomicInteger();

    private Classifier(String name, Device device, SavedModelBundle bundle) {
        this.name = name;
        this.device = device;
        this.bundle = bundle;
        Map<String, SignatureDef> sigs = bundle.metaGraphDef().getSignatureDefMap();
        SignatureDef serving = sigs.get("serving_default");
        SignatureDef head = sigs.get(FINAL_LAYER_KEY);
        if (serving == null || head == null) {
            throw new IllegalArgumentException(name + ": SavedModel lacks the 'serving_default' or '" + FINAL_LAYER_KEY
                    + "' signature; export it with oodbench train");
        }
        images = output(serving.getInputsMap(), "images");
        logits = output(serving.getOutputsMap(), "logits");
        features = output(serving.getOutputsMap(), "features");
        SignatureDef maps = sigs.get(ACTIVATIONS_KEY);
        activationNames = maps == null ? List.of() : maps.getOutputsMap().keySet().stream().sorted().toList();
        activations = activationNames.stream().map(k -> output(maps.getOutputsMap(), k)).toList();
        activationShapes = activations.stream().map(o -> {
            Shape sh = o.shape();
            if (sh.numDimensions() != 4 || sh.get(1) < 1 || sh.get(2) < 1 || sh.get(3) < 1) {
                throw new IllegalArgumentException(name + ": stage map " + o.op().name() + " has shape " + sh
                        + "; expected [N,H,W,C] with known H, W, C");
            }
            return new int[] {(int) sh.get(1), (int) sh.get(2), (int) sh.get(3)};
        }).toList();
        mapHead = readMapHead(sigs.get(MAP_HEAD_KEY));
        Shape in = images.shape();
        height = (int) in.get(1);
        width = (int) in.get(2);
        channels = (int) in.get(3);
        try (Result r = session().runner().fetch(output(head.getOutputsMap(), "weight"))
                .fetch(output(head.getOutputsMap(), "bias")).run()) {
            TFloat32 w = (TFloat32) r.get(0);
            TFloat32 b = (TFloat32) r.get(1);
            dim = (int) w.shape().get(0);
            classes = (int) w.shape().get(1);
            weight = new float[dim * classes];
            bias = new float[classes];
            w.copyTo(DataBuffers.of(weight, false, false));
            b.copyTo(DataBuffers.of(bias, false, false));
        }
    }

    /** Loads with TensorFlow's default thread counts. */
    public static Classifier load(Path dir, Device device) {
        return load(dir, device, 0, 0);
    }

    /**
     * Loads the SavedModel in {@code dir}. Thread counts of 0 leave TensorFlow's defaults; TF sets
     * its pools once per process (the first session wins), so sweep them across processes.
     */
    public static Classifier load(Path dir, Device device, int intraOpThreads, int interOpThreads) {
        if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
            throw new IllegalArgumentException(dir + ": no saved_model.pb; pass a SavedModel folder such as "
                    + "models/savedmodel/cifar10-resnet20");
        }
        if (device == Device.GPU) {
            GpuCheck.require();
        }
        ConfigProto.Builder cfg = ConfigProto.newBuilder()
                .setIntraOpParallelismThreads(intraOpThreads)
                .setInterOpParallelismThreads(interOpThreads);
        if (device == Device.CPU) {
            cfg.putDeviceCount("GPU", 0);
        }
        SavedModelBundle bundle;
        try {
            bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(cfg.build()).load();
        } catch (RuntimeException e) { // TensorFlow's own message names neither the folder nor the fix
            throw new IllegalArgumentException("model " + dir + ": TensorFlow cannot load this SavedModel (" + oneLine(e)
                    + "); saved_model.pb or variables/ is truncated or corrupt: restore the folder (git checkout, or "
                    + "export it again with oodbench train)", e);
        }
        try {
            return new Classifier(dir.getFileName().toString(), device, bundle);
        } catch (RuntimeException e) {
            bundle.close();
            if (e instanceof IllegalArgumentException) throw e;
            String variables = Files.isDirectory(dir.resolve("variables")) ? "its variables may be truncated or corrupt"
                    : "its variables/ folder is missing";
            throw new IllegalArgumentException("model " + dir + ": the SavedModel loads but cannot run (" + oneLine(e)
                    + "); " + variables + ": restore the folder (git checkout, or export it again with oodbench train)", e);
        }
    }

    /** TensorFlow's message whole, on one line (it breaks lines mid-sentence, before the node it names). */
    private static String oneLine(RuntimeException e) {
        if (e.getMessage() == null) return e.getClass().getSimpleName();
        return String.join(" ", e.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    public String name() { return name; }
    public Device device() { return device; }
    public Graph graph() { return bundle.graph(); }
    public Session session() { return bundle.session(); }
    public Operand<TFloat32> imagesInput() { return images; }
    public Operand<TFloat32> logitsOutput() { return logits; }
    public Operand<TFloat32> featuresOutput() { return features; }

    /**
     * Each stage's output map [N,H,W,C] in depth order, computed from {@link #imagesInput()} in the
     * same graph as the logits, so detectors can add ops on them and fetch everything in one
     * {@code Session.run}. The last is the map the features are pooled (or flattened) from. Empty
     * for a SavedModel exported without the {@code activations} signature.
     */
    public List<Output<TFloat32>> activations() { return activations; }

    /** The stage names of {@link #activations()}, in the same order (e.g. stage1, stage2, stage3). */
    public List<String> activationNames() { return activationNames; }

    /** The output map of the stage called {@code stage}. */
    public Output<TFloat32> activation(String stage) {
        int i = activationNames.indexOf(stage);
        if (i < 0) {
            throw new IllegalArgumentException(name + " has no stage '" + stage + "'; it has " + (activationNames.isEmpty()
                    ? "no activations signature (re-export it with oodbench model export)" : activationNames));
        }
        return activations.get(i);
    }
    /** The [H, W, C] shape of each stage map of {@link #activations()}, in the same order. */
    public List<int[]> activationShapes() { return activationShapes; }

    /**
     * The layers between the last stage map and the features, from the {@code map_head} signature;
     * a clear error for a SavedModel exported without it.
     */
    public MapHead mapHead() {
        if (mapHead == null) {
            throw new IllegalArgumentException(name + " has no '" + MAP_HEAD_KEY + "' signature, so the layers after its "
                    + "last stage map are unknown; re-export it with oodbench model export");
        }
        return mapHead;
    }

    /** Whether the model exports its stage maps and the map head (what map detectors need). */
    public boolean hasMaps() {
        return !activations.isEmpty() && mapHead != null;
    }

    public int height() { return height; }
    public int width() { return width; }
    public int channels() { return channels; }
    public int classes() { return classes; }
    public int featureDim() { return dim; }

    /** The final dense layer's weight [dim, classes], row-major (logits = features x W + b). */
    public float[] finalWeight() { return weight.clone(); }

    /** The final dense layer's bias [classes]. */
    public float[] finalBias() { return bias.clone(); }

    /**
     * Ops that add new nodes to this model's graph under a fresh, unique scope ({@code prefix_k}), so
     * that several detectors can extend one loaded model.
     */
    public Ops extend(String prefix) {
        return Ops.create(graph()).withSubScope(prefix.replaceAll("[^A-Za-z0-9_.\\-]", "_")
                + "_" + scopes.getAndIncrement());
    }

    /** Outputs for {@code n} images packed NHWC in {@code pixels}. */
    public Outputs run(float[] pixels, int n) {
        try (TFloat32 x = inputTensor(pixels, n);
             Result r = session().runner().feed(images, x).fetch(logits).fetch(features).run()) {
            float[] l = new float[n * classes];
            float[] f = new float[n * dim];
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(l, false, false));
            ((TFloat32) r.get(1)).copyTo(DataBuffers.of(f, false, false));
            return new Outputs(n, classes, dim, l, f);
        }
    }

    /** Outputs and stage maps of one batch, fetched in one {@code Session.run}. */
    public record Forward(Outputs outputs, StageMaps maps) {}

    /**
     * Outputs and every stage's map for {@code n} images in one {@code Session.run}: the full maps,
     * or with {@code pooled} each map's global average pool (shape [1,1,C]).
     */
    public Forward runWithMaps(float[] pixels, int n, boolean pooled) {
        if (activations.isEmpty()) activation("?"); // the clear error
        List<Operand<TFloat32>> maps = pooled ? pooledActivations() : new ArrayList<>(activations);
        try (TFloat32 x = inputTensor(pixels, n)) {
            Session.Runner runner = session().runner().feed(images, x).fetch(logits).fetch(features);
            maps.forEach(runner::fetch);
            try (Result r = runner.run()) {
                float[] l = new float[n * classes];
                float[] f = new float[n * dim];
                ((TFloat32) r.get(0)).copyTo(DataBuffers.of(l, false, false));
                ((TFloat32) r.get(1)).copyTo(DataBuffers.of(f, false, false));
                List<int[]> shapes = new ArrayList<>();
                List<float[]> values = new ArrayList<>();
                for (int s = 0; s < maps.size(); s++) {
                    int[] sh = pooled ? new int[] {1, 1, activationShapes.get(s)[2]} : activationShapes.get(s);
                    float[] v = new float[n * sh[0] * sh[1] * sh[2]];
                    ((TFloat32) r.get(2 + s)).copyTo(DataBuffers.of(v, false, false));
                    shapes.add(sh);
                    values.add(v);
                }
                return new Forward(new Outputs(n, classes, dim, l, f), new StageMaps(n, activationNames, shapes, values));
            }
        }
    }

    /** {@link #runWithMaps(float[], int, boolean)} over every image of {@code set}, in batches, joined. */
    public Forward runWithMaps(ImageSet set, int batchSize, boolean pooled, IntConsumer progress) {
        checkShape(set);
        List<Forward> parts = new ArrayList<>();
        for (Batches.Batch b : Batches.of(set, batchSize)) {
            parts.add(runWithMaps(b.pixels(), b.size(), pooled));
            progress.accept(b.size());
        }
        List<Outputs> outs = parts.stream().map(Forward::outputs).toList();
        List<StageMaps> maps = parts.stream().map(Forward::maps).toList();
        return new Forward(Outputs.concat(outs), StageMaps.concat(maps));
    }

    private synchronized List<Operand<TFloat32>> pooledActivations() {
        if (pooledActivations == null) {
            Ops tf = extend("pooled_maps");
            pooledActivations = activations.stream()
                    .map(a -> (Operand<TFloat32>) tf.math.mean(a, tf.constant(new int[] {1, 2}))).toList();
        }
        return pooledActivations;
    }

    private MapHead readMapHead(SignatureDef sig) {
        if (sig == null) return null;
        if (MAP_HEAD_POOL.equals(sig.getMethodName())) return MapHead.averagePool();
        if (!MAP_HEAD_FLATTEN.equals(sig.getMethodName())) {
            throw new IllegalArgumentException(name + ": signature '" + MAP_HEAD_KEY + "' has method '" + sig.getMethodName()
                    + "'; expected " + MAP_HEAD_POOL + " or " + MAP_HEAD_FLATTEN + "; re-export the model");
        }
        List<float[]> ws = new ArrayList<>();
        List<float[]> bs = new ArrayList<>();
        for (int i = 0; sig.getOutputsMap().containsKey("weight_" + i); i++) {
            try (Result r = session().runner().fetch(output(sig.getOutputsMap(), "weight_" + i))
                    .fetch(output(sig.getOutputsMap(), "bias_" + i)).run()) {
                TFloat32 w = (TFloat32) r.get(0);
                TFloat32 b = (TFloat32) r.get(1);
                float[] wv = new float[(int) w.shape().size()];
                float[] bv = new float[(int) b.shape().size()];
                w.copyTo(DataBuffers.of(wv, false, false));
                b.copyTo(DataBuffers.of(bv, false, false));
                ws.add(wv);
                bs.add(bv);
            }
        }
        return new MapHead(true, ws, bs);
    }

    /** Outputs for every image of {@code set}, in batches of {@code batchSize}. */
    public Outputs run(ImageSet set, int batchSize, IntConsumer progress) {
        checkShape(set);
        List<Outputs> parts = new ArrayList<>();
        for (Batches.Batch b : Batches.of(set, batchSize)) {
            parts.add(run(b.pixels(), b.size()));
            progress.accept(b.size());
        }
        return Outputs.concat(parts);
    }

    /** A tensor of {@code n} images for this model's input, checked against its shape. */
    public TFloat32 inputTensor(float[] pixels, int n) {
        int per = height * width * channels;
        if (n <= 0 || pixels.length != n * per) {
            throw new IllegalArgumentException(name + " expects images [N," + height + "," + width + "," + channels
                    + "] (" + per + " values each); got " + pixels.length + " values for " + n + " images");
        }
        return TFloat32.tensorOf(Shape.of(n, height, width, channels), DataBuffers.of(pixels, true, false));
    }

    /** Fails with a clear message when {@code set}'s images do not fit this model's input. */
    public void checkShape(ImageSet set) {
        if (set.height() != height || set.width() != width || set.channels() != channels) {
            throw new IllegalArgumentException(set.name() + " has images " + set.height() + "x" + set.width() + "x"
                    + set.channels() + " but " + name + " expects " + height + "x" + width + "x" + channels
                    + "; adapt the set to the model's input first");
        }
    }

    /**
     * Number of weight and statistic values in the model: all its variables (a training export) or its
     * weight constants, named {@code .../kernel} and {@code .../bias} (an inference export).
     */
    public long parameterCount() {
        long total = 0;
        var it = graph().operations();
        while (it.hasNext()) {
            var op = it.next();
            boolean weight = op.type().equals("Const") && (op.name().endsWith("/kernel") || op.name().endsWith("/bias"));
            if (op.type().equals("VariableV2") || weight) total += op.output(0).shape().size();
        }
        return total;
    }

    /** Top-1 accuracy on a labelled set. */
    public double accuracy(ImageSet set, int batchSize) {
        Outputs o = run(set, batchSize, n -> { });
        int correct = 0;
        for (int i = 0; i < o.n(); i++) {
            if (o.predicted(i) == set.label(i)) correct++;
        }
        return correct / (double) o.n();
    }

    @SuppressWarnings("unchecked")
    private Output<TFloat32> output(Map<String, TensorInfo> map, String key) {
        TensorInfo info = map.get(key);
        if (info == null) {
            throw new IllegalArgumentException(name + ": signature has no '" + key + "'; re-export the model");
        }
        return (Output<TFloat32>) bundle.graph().outputOrThrow(info.getName());
    }

    @Override
    public void close() {
        bundle.close();
    }
}
