package dev.oodbench.model;

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
 * A fixed calibration kernel: one fp32 {@code n x n} matrix product in TensorFlow on a device, the
 * same runtime the models use. Timed beside a benchmark, its rate (GFLOP/s) says how fast the machine
 * was at that moment, so timings taken at different times or on different machines can be put on one
 * scale ({@code time x rate} is work in matmul-equivalents). The operand is fed (a constant would
 * be folded away by Grappler) from a tensor made once, and only a scalar comes back.
 */
public final class MatmulKernel implements Runnable, AutoCloseable {
    /** The size the suite calibrates with: 2 x 512^3 = 0.27 GFLOP, a few ms on a laptop core. */
    public static final int DEFAULT_SIZE = 512;

    private final int n;
    private final Graph graph;
    private final Session session;
    private final Operand<TFloat32> in;
    private final Operand<TFloat32> out;
    private final TFloat32 operand;

    public MatmulKernel(int n, Device device) {
        if (n <= 0) throw new IllegalArgumentException("matmul size must be > 0: " + n);
        if (device == Device.GPU) GpuCheck.require();
        this.n = n;
        graph = new Graph();
        Ops tf = Ops.create(graph);
        Random r = new Random(1);
        float[] a = new float[n * n];
        for (int i = 0; i < a.length; i++) a[i] = r.nextFloat() - 0.5f;
        operand = TFloat32.tensorOf(Shape.of(n, n), DataBuffers.of(a, true, false));
        in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(n, n)));
        // the sum returns one float instead of the product
        out = tf.reduceSum(tf.linalg.matMul(in, in), tf.constant(new int[] {0, 1}));
        ConfigProto.Builder cfg = ConfigProto.newBuilder();
        if (device == Device.CPU) cfg.putDeviceCount("GPU", 0);
        session = new Session(graph, cfg.build());
        run();
    }

    /** Floating-point operations of one product. */
    public double flops() {
        return gflops(n, 1) * 1e9;
    }

    /** The rate of a product that took {@code seconds}, in GFLOP/s. */
    public double gflops(double seconds) {
        return gflops(n, seconds);
    }

    /** The rate of an {@code n x n} product that took {@code seconds}, in GFLOP/s. */
    public static double gflops(int n, double seconds) {
        return 2.0 * n * n * n / seconds / 1e9;
    }

    @Override
    public void run() {
        try (Result r = session.runner().feed(in, operand).fetch(out).run()) {
            r.get(0).close();
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
        operand.close();
    }
}
