package dev.oodbench.train;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The toy convnet of oodeel's MNIST[0-4] vs MNIST[5-9] demo, in spirit: two 3x3 convolutions
 * (32 and 64 channels) each followed by ReLU and 2x2 max pooling, a 128-unit dense ReLU layer
 * (the penultimate features) and a 5-way dense layer. Trained on MNIST training digits 0-4.
 * Stages (conv + ReLU + max pool): {@code block1} [N,14,14,32], {@code block2} [N,7,7,64] (the map
 * the dense layer reads, flattened).
 */
public final class Mnist04ConvNet implements Architecture {
    static final float[] MEAN = {0.1307f};
    static final float[] STD = {0.3081f};

    @Override public String name() { return "mnist04-convnet"; }
    @Override public int height() { return 28; }
    @Override public int width() { return 28; }
    @Override public int channels() { return 1; }
    @Override public int classes() { return 5; }
    @Override public int featureDim() { return 128; }

    @Override
    public Recipe recipe() {
        return new Recipe(8, 128, 0.05, 0.9, 5e-4, 1, false, 5904);
    }

    @Override
    public Net build(Layers l, Operand<TFloat32> images) {
        Operand<TFloat32> x = l.normalise(images, MEAN, STD);
        Operand<TFloat32> block1 = l.maxPool2(l.relu(l.conv("conv1", x, 3, 1, 32, 1, true)));
        Operand<TFloat32> block2 = l.maxPool2(l.relu(l.conv("conv2", block1, 3, 32, 64, 1, true)));
        x = l.tf().reshape(block2, l.tf().constant(new int[] {-1, 7 * 7 * 64}));
        Layers.Dense dense1 = l.dense("dense1", x, 7 * 7 * 64, 128);
        Operand<TFloat32> features = l.relu(dense1.output());
        Layers.Dense fc = l.dense("fc", features, 128, 5);
        return new Net(fc.output(), features, fc.weight(), fc.bias(),
                List.of(new Stage("block1", block1), new Stage("block2", block2)), l.statUpdates(),
                List.of(dense1));
    }
}
