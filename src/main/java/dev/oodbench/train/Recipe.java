package dev.oodbench.train;
import java.util.Locale;


/**
 * How a model is trained: SGD with Nesterov momentum, a linear warm-up then cosine decay of the
 * learning rate, L2 weight decay on kernels, and (for CIFAR) random 4-pixel-padded crops with
 * horizontal flips.
 */
public record Recipe(int epochs, int batchSize, double learningRate, double momentum, double weightDecay,
                     int warmupEpochs, boolean augment, long seed) {

    public Recipe withEpochs(int e) {
        return new Recipe(e, batchSize, learningRate, momentum, weightDecay, Math.min(warmupEpochs, e), augment, seed);
    }

    /** The same recipe with another peak learning rate (a warm restart usually wants a lower one). */
    public Recipe withLearningRate(double lr) {
        return new Recipe(epochs, batchSize, lr, momentum, weightDecay, warmupEpochs, augment, seed);
    }

    /** The same recipe with another seed (initialisation, shuffling and augmentation). */
    public Recipe withSeed(long s) {
        return new Recipe(epochs, batchSize, learningRate, momentum, weightDecay, warmupEpochs, augment, s);
    }

    /** The same recipe at another batch size, with the learning rate scaled linearly. */
    public Recipe withBatchSize(int b) {
        return new Recipe(epochs, b, learningRate * b / batchSize, momentum, weightDecay, warmupEpochs, augment, seed);
    }

    /** Learning rate at a fractional epoch (0 at the start of training, {@code epochs} at the end). */
    public double learningRateAt(double epoch) {
        if (epoch < warmupEpochs) {
            return learningRate * (epoch + 1.0 / 1000) / warmupEpochs;
        }
        double t = (epoch - warmupEpochs) / Math.max(1e-9, epochs - warmupEpochs);
        return learningRate * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, t)));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT,
                "SGD nesterov momentum %.2f, batch %d, lr %.3f (warm-up %d epochs, cosine to 0), weight decay %.0e, "
                        + "%d epochs, augmentation %s, seed %d",
                momentum, batchSize, learningRate, warmupEpochs, weightDecay, epochs,
                augment ? "random crop (pad 4) + horizontal flip" : "none", seed);
    }
}
