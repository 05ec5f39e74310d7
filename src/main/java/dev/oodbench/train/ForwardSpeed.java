package dev.oodbench.train;

import dev.oodbench.model.KernelTrace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * Forward-pass speed of SavedModels measured against a 2048x2048 fp32 matmul, interleaved in one
 * process so that the ratio holds on a shared machine: each round times every model and the matmul
 * once (the order reversed every other round: A B M, M B A, ...), each slot the median call time of
 * at least {@code --slot} seconds of calls. Prints the median and range over rounds of images/s,
 * GFLOP/s (multiply-adds of the Conv2D and MatMul ops x 2, read from the graph), the share of the
 * matmul rate, and each model's speed relative to the first.
 *
 * <pre>
 * java -cp target/oodbench.jar dev.oodbench.train.ForwardSpeed [--batch 256] [--rounds 9] [--slot 1.0]
 *      [--intra N] [--inter N] [--jit | --jit-both] [--trace] MODEL_DIR...
 * java -cp target/oodbench.jar dev.oodbench.train.ForwardSpeed --variants TRAINING_EXPORT OUT_DIR
 * </pre>
 * Settings read at native load ({@code TF_ENABLE_ONEDNN_OPTS}, {@code TF_XLA_FLAGS}) are compared
 * by running this once per setting, alternating processes, and comparing the matmul shares.
 */
public final class ForwardSpeed {
    private static final int N = 2048;

    private ForwardSpeed() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals("--variants")) {
            variants(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        int batch = 256;
        int rounds = 9;
        double slot = 1.0;
        int intra = 0;
        int inter = 0;
        boolean jit = false;
        boolean trace = false;
        boolean jitBoth = false;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--slot" -> slot = Double.parseDouble(args[++i]);
                case "--intra" -> intra = Integer.parseInt(args[++i]);
                case "--inter" -> inter = Integer.parseInt(args[++i]);
                case "--jit" -> jit = true;
                case "--jit-both" -> jitBoth = true;
                case "--trace" -> trace = true;
                default -> dirs.add(Path.of(args[i]));
            }
        }
        ConfigProto.Builder cfg = ConfigProto.newBuilder().setIntraOpParallelismThreads(intra)
                .setInterOpParallelismThreads(inter).putDeviceCount("GPU", 0);
        if (jit) {
            cfg.setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(
                    OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1)));
        }
        List<Timed> items = new ArrayList<>();
        for (Path d : dirs) items.add(new ModelTimed(d, cfg.build(), batch));
        if (jitBoth) { // each model again in a session with XLA's global JIT (needs TF_XLA_FLAGS=--tf_xla_cpu_global_jit)
            ConfigProto withJit = cfg.clone().setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(
                    OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1))).build();
            for (Path d : dirs) items.add(new ModelTimed(d, withJit, batch));
        }
        items.add(new MatMulTimed(cfg.build()));
        System.out.printf(Locale.ROOT, "batch %d, intra %d, inter %d, jit %s, TF_ENABLE_ONEDNN_OPTS=%s, TF_XLA_FLAGS=%s%n",
                batch, intra, inter, jit, System.getenv("TF_ENABLE_ONEDNN_OPTS"), System.getenv("TF_XLA_FLAGS"));
        for (Timed t : items) {
            for (int w = 0; w < 3; w++) t.call();
        }
        if (trace) {
            for (Timed t : items) {
                if (t instanceof ModelTimed m) m.trace();
            }
        }
        double[][] ms = new double[items.size()][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < items.size(); k++) {
                int i = r % 2 == 0 ? k : items.size() - 1 - k;
                ms[i][r] = items.get(i).medianMs(slot);
            }
        }
        MatMulTimed mm = (MatMulTimed) items.get(items.size() - 1);
        double[] mmRate = new double[rounds];
        for (int r = 0; r < rounds; r++) mmRate[r] = mm.flops() / (ms[items.size() - 1][r] * 1e6);
        System.out.printf(Locale.ROOT, "matmul %dx%d fp32: %s GFLOP/s%n", N, N, range(mmRate));
        for (int i = 0; i < items.size() - 1; i++) {
            ModelTimed m = (ModelTimed) items.get(i);
            double[] ips = new double[rounds];
            double[] gf = new double[rounds];
            double[] share = new double[rounds];
            double[] rel = new double[rounds];
            double[] perCall = ms[i].clone();
            for (int r = 0; r < rounds; r++) {
                ips[r] = batch / (ms[i][r] / 1e3);
                gf[r] = ips[r] * m.flopsPerImage / 1e9;
                share[r] = gf[r] / mmRate[r];
                rel[r] = ms[0][r] / ms[i][r];
            }
            System.out.printf(Locale.ROOT, "%s (%.1f MFLOP/image): %s ms/batch, %s img/s, %s GFLOP/s, matmul share %s,"
                            + " speed vs first %s%n", m.dir, m.flopsPerImage / 1e6, range(perCall), range(ips), range(gf),
                    range(share), range(rel));
        }
        for (Timed t : items) t.close();
    }

    /** Median and [min-max] over rounds. */
    private static String range(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        double med = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        String f = med >= 100 ? "%.0f" : med >= 1 ? "%.3f" : "%.4f";
        return String.format(Locale.ROOT, f + " [" + f + "-" + f + "]", med, s[0], s[s.length - 1]);
    }

    /** Exports the inference forms that were compared, from one training export, into {@code out}. */
    private static void variants(Path source, Path out) throws Exception {
        Architecture arch = ModelRecipes.architectureOf(source);
        var w = SavedModelWeights.read(source, arch);
        for (Layers.Shortcut s : Layers.Shortcut.values()) {
            for (boolean vars : new boolean[] {false, true}) {
                Path dir = out.resolve(arch.name() + "-" + s.name().toLowerCase(Locale.ROOT) + (vars ? "-variables" : "-constants"));
                SavedModelExport.exportInference(arch, w, dir, new Layers.InferenceForm(s, vars));
                System.out.println("exported " + dir);
            }
        }
    }

    private interface Timed extends AutoCloseable {
        void call();

        @Override void close();

        default double medianMs(double seconds) {
            List<Double> t = new ArrayList<>();
            long end = System.nanoTime() + (long) (seconds * 1e9);
            while (t.size() < 3 || System.nanoTime() < end) {
                long t0 = System.nanoTime();
                call();
                t.add((System.nanoTime() - t0) / 1e6);
            }
            double[] s = t.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return s[s.length / 2];
        }
    }

    private static final class ModelTimed implements Timed {
        final Path dir;
        final SavedModelBundle bundle;
        final TFloat32 images;
        final String input;
        final String logits;
        final double flopsPerImage;

        ModelTimed(Path dir, ConfigProto cfg, int batch) {
            this.dir = dir;
            bundle = SavedModelBundle.loader(dir.toString()).withTags("serve").withConfigProto(cfg).load();
            SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get("serving_default");
            input = sig.getInputsMap().get("images").getName();
            logits = sig.getOutputsMap().get("logits").getName();
            Shape in = bundle.graph().outputOrThrow(input).shape();
            float[] px = new float[Math.toIntExact(batch * in.get(1) * in.get(2) * in.get(3))];
            Random rng = new Random(1);
            for (int i = 0; i < px.length; i++) px[i] = rng.nextFloat();
            images = TFloat32.tensorOf(Shape.of(batch, in.get(1), in.get(2), in.get(3)), DataBuffers.of(px, true, false));
            flopsPerImage = flopsPerImage(bundle.graph());
        }

        @Override
        public void call() {
            try (Result r = bundle.session().runner().feed(input, images).fetch(logits).run()) {
                r.get(0);
            }
        }

        /** One traced run: the kernels TensorFlow ran (after Grappler's rewrites), count and time per op type. */
        void trace() {
            var byType = KernelTrace.run(bundle.session().runner().feed(input, images).fetch(logits));
            System.out.println(dir + " kernels run (count, op time):");
            byType.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-28s %4d %9.2f ms%n", k, v[0], v[1] / 1e3));
        }

        @Override
        public void close() {
            images.close();
            bundle.close();
        }
    }

    /** 2 x multiply-adds per image of every Conv2D and MatMul in {@code g} (the shortcut's 1x1 copies included). */
    static double flopsPerImage(Graph g) {
        double macs = 0;
        var it = g.operations();
        while (it.hasNext()) {
            GraphOperation op = (GraphOperation) it.next();
            if (op.type().equals("Conv2D")) {
                Shape out = op.output(0).shape();
                Shape k = op.input(1).shape();
                macs += (double) out.get(1) * out.get(2) * out.get(3) * k.get(0) * k.get(1) * k.get(2);
            } else if (op.type().equals("MatMul")) {
                Shape w = op.input(1).shape();
                macs += (double) w.get(0) * w.get(1);
            }
        }
        return 2 * macs;
    }

    private static final class MatMulTimed implements Timed {
        final Graph g = new Graph();
        final Session s;
        final Operand<TFloat32> product;

        MatMulTimed(ConfigProto cfg) {
            Ops tf = Ops.create(g);
            float[] v = new float[N * N];
            Random rng = new Random(2);
            for (int i = 0; i < v.length; i++) v[i] = rng.nextFloat() - 0.5f;
            var a = tf.constant(Shape.of(N, N), DataBuffers.of(v, true, false));
            var b = tf.variable(tf.constant(Shape.of(N, N), DataBuffers.of(v, true, false)));
            // a variable operand keeps constant folding from computing the product once at graph optimisation
            product = tf.sum(tf.linalg.matMul(a, b), tf.constant(new int[] {0, 1}));
            s = new Session(g, cfg);
            s.initialize();
        }

        double flops() { return 2.0 * N * N * N; }

        @Override
        public void call() {
            try (Result r = s.runner().fetch(product).run()) {
                r.get(0);
            }
        }

        @Override
        public void close() {
            s.close();
            g.close();
        }
    }
}
