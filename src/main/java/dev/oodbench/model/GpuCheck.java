package dev.oodbench.model;

import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;

/**
 * Tells whether TensorFlow can place an op on a GPU in this process: it runs one op pinned to
 * {@code /device:GPU:0} with soft placement off. False with the CPU-only native build, without a
 * driver or without the CUDA libraries.
 */
public final class GpuCheck {
    private static Boolean available;

    private GpuCheck() {}

    public static synchronized boolean available() {
        if (available == null) {
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g).withDevice(DeviceSpec.newBuilder().deviceType(DeviceSpec.DeviceType.GPU)
                        .deviceIndex(0).build());
                var op = tf.math.add(tf.constant(1f), tf.constant(1f));
                try (Session s = new Session(g, ConfigProto.newBuilder().setAllowSoftPlacement(false).build())) {
                    s.runner().fetch(op).run().close();
                    available = true;
                }
            } catch (RuntimeException e) {
                available = false;
            }
        }
        return available;
    }

    public static void require() {
        if (!available()) {
            throw new DeviceUnavailableException("device gpu: TensorFlow sees no GPU on this machine; build with "
                    + "-Pgpu (linux-x86_64-gpu natives) on a machine with an NVIDIA driver and CUDA 12 / cuDNN 9, "
                    + "or use --device cpu");
        }
    }
}
