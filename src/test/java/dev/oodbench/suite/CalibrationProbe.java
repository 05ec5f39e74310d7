package dev.oodbench.suite;

import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.MatmulKernel;
import dev.oodbench.model.ModelCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;

/**
 * A measuring tool (not a test): does a calibration kernel track the models between runs? One call
 * times, round by round in one process, the forward pass of both shipped models at batch 256 and 1,
 * the 512^3 matmul calibration kernel and a small fixed convolution graph shaped like the models
 * (batch 32 x 32 x 32 x 16, three 3x3 convolutions with ReLU), for {@code seconds}, and appends one line
 * of medians to a TSV file. Run it several times at different loads and compare the spread of raw
 * times with the spread of times normalised by each kernel:
 * <pre>java -cp target/test-classes:target/classes:target/lib/* dev.oodbench.suite.CalibrationProbe FILE [SECONDS]</pre>
 */
public final class CalibrationProbe {
    private CalibrationProbe() {}

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 30;
        List<String> names = new ArrayList<>();
        List<Runnable> ops = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        for (String m : List.of("cifar10-resnet20", "mnist04-convnet")) {
            Classifier c = ModelCatalog.load(m, Device.CPU);
            open.add(c);
            for (int b : new int[] {256, 1}) {
                float[] px = new float[b * c.height() * c.width() * c.channels()];
                Random r = new Random(7);
                for (int i = 0; i < px.length; i++) px[i] = r.nextFloat();
                names.add(m + "_b" + b + "_ms");
                ops.add(() -> c.run(px, b));
            }
        }
        MatmulKernel mm = new MatmulKernel(MatmulKernel.DEFAULT_SIZE, Device.CPU);
        open.add(mm);
        names.add("matmul_ms");
        ops.add(mm);
        ConvKernel conv = new ConvKernel();
        open.add(conv);
        names.add("conv_ms");
        ops.add(conv);
        for (Runnable op : ops) op.run();
        List<List<Double>> t = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) t.add(new ArrayList<>());
        long end = System.nanoTime() + (long) (seconds * 1e9);
        Random order = new Random();
        while (System.nanoTime() < end) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < ops.size(); i++) idx.add(i);
            java.util.Collections.shuffle(idx, order);
            for (int i : idx) {
                long t0 = System.nanoTime();
                ops.get(i).run();
                t.get(i).add((System.nanoTime() - t0) / 1e6);
            }
        }
        StringBuilder header = new StringBuilder("timestamp_utc\tload1\trounds");
        StringBuilder line = new StringBuilder(Instant.now().toString()).append('\t')
                .append(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]).append('\t').append(t.get(0).size());
        for (int i = 0; i < ops.size(); i++) {
            header.append('\t').append(names.get(i));
            double[] v = t.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            line.append('\t').append(String.format(Locale.ROOT, "%.4f", v[v.length / 2]));
        }
        if (!Files.exists(out)) Files.writeString(out, header + "\n");
        Files.writeString(out, line + "\n", java.nio.file.StandardOpenOption.APPEND);
        System.out.println(line);
        for (AutoCloseable c : open) c.close();
    }

    /** Three 3x3 convolutions with ReLU on a fed 32 x 32 x 32 x 16 tensor, fixed weights; a scalar comes back. */
    static final class ConvKernel implements Runnable, AutoCloseable {
        private final Graph g = new Graph();
        private final Session s;
        private final Operand<TFloat32> in;
        private final Operand<TFloat32> out;
        private final TFloat32 x;

        ConvKernel() {
            Ops tf = Ops.create(g);
            Random r = new Random(3);
            float[] a = new float[32 * 32 * 32 * 16];
            for (int i = 0; i < a.length; i++) a[i] = r.nextFloat();
            x = TFloat32.tensorOf(Shape.of(32, 32, 32, 16), DataBuffers.of(a, true, false));
            in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(32, 32, 32, 16)));
            Operand<TFloat32> h = in;
            for (int l = 0; l < 3; l++) {
                float[] w = new float[3 * 3 * 16 * 16];
                for (int i = 0; i < w.length; i++) w[i] = (r.nextFloat() - 0.5f) * 0.2f;
                h = tf.nn.relu(tf.nn.conv2d(h, tf.constant(Shape.of(3, 3, 16, 16), DataBuffers.of(w, true, false)),
                        Arrays.asList(1L, 1L, 1L, 1L), "SAME"));
            }
            out = tf.reduceSum(h, tf.constant(new int[] {0, 1, 2, 3}));
            s = new Session(g, ConfigProto.newBuilder().putDeviceCount("GPU", 0).build());
        }

        @Override
        public void run() {
            try (Result res = s.runner().feed(in, x).fetch(out).run()) {
                res.get(0).close();
            }
        }

        @Override
        public void close() {
            s.close();
            g.close();
            x.close();
        }
    }
}
