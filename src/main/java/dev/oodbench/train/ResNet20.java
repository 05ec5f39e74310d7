package dev.oodbench.train;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * ResNet-20 for CIFAR-10 (He et al., "Deep Residual Learning for Image Recognition", CVPR 2016,
 * section 4.2): a 3x3 16-channel stem, three stages of three basic blocks with 16, 32 and 64
 * channels (stride 2 at the start of stages 2 and 3), batch norm after every convolution,
 * identity shortcuts that subsample and zero-pad channels when the shape changes (option A),
 * global average pooling to 64-d features and a 10-way dense layer. About 0.27 M parameters.
 * Stages: {@code stage1} [N,32,32,16], {@code stage2} [N,16,16,32], {@code stage3} [N,8,8,64]
 * (the map global pooling reads).
 */
public final class ResNet20 implements Architecture {
    static final float[] MEAN = {0.4914f, 0.4822f, 0.4465f};
    static final float[] STD = {0.2470f, 0.2435f, 0.2616f};
    private static final int[] WIDTHS = {16, 32, 64};
    private static final int BLOCKS = 3;

    @Override public String name() { return "cifar10-resnet20"; }
    @Override public int height() { return 32; }
    @Override public int width() { return 32; }
    @Override public int channels() { return 3; }
    @Override public int classes() { return 10; }
    @Override public int featureDim() { return 64; }

    @Override
    public Recipe recipe() {
        return new Recipe(30, 128, 0.1, 0.9, 5e-4, 2, true, 20161);
    }

    @Override
    public Net build(Layers l, Operand<TFloat32> images) {
        Operand<TFloat32> x = l.normalise(images, MEAN, STD);
        x = l.relu(l.convBn("stem/conv", "stem/bn", x, 3, 3, 16, 1));
        int cin = 16;
        List<Stage> stages = new ArrayList<>();
        for (int s = 0; s < WIDTHS.length; s++) {
            for (int b = 0; b < BLOCKS; b++) {
                int stride = (s > 0 && b == 0) ? 2 : 1;
                x = block(l, "stage" + (s + 1) + "/block" + (b + 1), x, cin, WIDTHS[s], stride);
                cin = WIDTHS[s];
            }
            stages.add(new Stage("stage" + (s + 1), x));
        }
        Operand<TFloat32> features = l.globalAveragePool(x);
        Layers.Dense fc = l.dense("fc", features, 64, 10);
        return new Net(fc.output(), features, fc.weight(), fc.bias(), stages, l.statUpdates(), List.of());
    }

    private static Operand<TFloat32> block(Layers l, String name, Operand<TFloat32> x, int cin, int cout, int stride) {
        Operand<TFloat32> y = l.relu(l.convBn(name + "/conv1", name + "/bn1", x, 3, cin, cout, stride));
        y = l.convBn(name + "/conv2", name + "/bn2", y, 3, cout, cout, 1);
        Operand<TFloat32> shortcut = (stride != 1 || cin != cout) ? l.shortcutA(x, cin, cout, stride) : x;
        return l.relu(l.tf().math.add(y, shortcut));
    }
}
