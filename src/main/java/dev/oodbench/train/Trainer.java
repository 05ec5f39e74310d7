package dev.oodbench.train;

import dev.oodbench.data.ImageSet;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.train.ApplyMomentum;
import org.tensorflow.types.TFloat32;

/**
 * Trains an {@link Architecture} in graph mode: one graph holds a training branch (batch-norm
 * batch statistics, gradients, momentum updates) and an inference branch over the same
 * variables for test accuracy. Each epoch ends with a checkpoint so an interrupted run resumes.
 */
public final class Trainer implements AutoCloseable {
    private static final int EVAL_BATCH = 500;

    private final Architecture arch;
    private final Recipe recipe;
    private final PrintStream log;
    private final Graph graph = new Graph();
    private final Session session;
    private final Params params;
    private final Placeholder<TFloat32> images;
    private final Placeholder<TFloat32> onehot;
    private final Placeholder<TFloat32> lr;
    private final Operand<TFloat32> loss;
    private final Operand<TFloat32> trainLogits;
    private final Operand<TFloat32> evalLogits;
    private final List<Op> stepTargets = new ArrayList<>();

    public Trainer(Architecture arch, Recipe recipe, PrintStream log) {
        this.arch = arch;
        this.recipe = recipe;
        this.log = log;
        Ops tf = Ops.create(graph);
        params = new Params(tf, true, recipe.seed());
        Shape in = Shape.of(-1, arch.height(), arch.width(), arch.channels());
        images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(in));
        onehot = tf.withName("onehot").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, arch.classes())));
        lr = tf.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));

        Architecture.Net train = arch.build(new Layers(tf.withSubScope("train"), params, true), images);
        Architecture.Net eval = arch.build(new Layers(tf.withSubScope("eval"), params, false), images);
        trainLogits = train.logits();
        evalLogits = eval.logits();

        Ops t = tf.withSubScope("loss");
        Operand<TFloat32> ce = t.math.mean(t.nn.softmaxCrossEntropyWithLogits(train.logits(), onehot).loss(),
                t.constant(0));
        List<Operand<TFloat32>> l2 = new ArrayList<>();
        for (Params.Param p : params.trainable()) {
            if (p.decayed()) l2.add(t.nn.l2Loss(p.variable()));
        }
        loss = t.math.add(ce, t.math.mul(t.constant((float) recipe.weightDecay()), t.math.addN(l2)));

        List<Params.Param> vars = params.trainable();
        Gradients grads = tf.withSubScope("gradients").gradients(loss, vars.stream().map(Params.Param::variable).toList());
        // every update waits for every gradient, so no step reads a half-updated weight
        Ops gated = tf.withSubScope("sgd").withControlDependencyOps(
                grads.dy().stream().map(o -> o.op()).toList());
        Operand<TFloat32> momentum = gated.constant((float) recipe.momentum());
        for (int i = 0; i < vars.size(); i++) {
            Params.Param p = vars.get(i);
            var accum = Params.named(tf, p.name() + "/momentum").variable(tf.zerosLike(p.variable()));
            stepTargets.add(gated.train.applyMomentum(p.variable(), accum, lr, grads.<TFloat32>dy(i), momentum,
                    ApplyMomentum.useNesterov(true)));
        }
        stepTargets.addAll(train.statUpdates());
        session = new Session(graph);
        session.initialize();
    }

    /**
     * Starts from the weights and batch-norm statistics of an exported SavedModel of the same
     * architecture instead of the random initialisation (momentum starts at zero): a warm restart,
     * so that a schedule too long for one sitting can run as several cosine cycles (SGDR, Loshchilov
     * and Hutter, ICLR 2017). Call before {@link #fit}; a checkpoint to resume from still wins.
     */
    public void initFrom(Path savedModel) {
        Map<String, float[]> weights = SavedModelWeights.read(savedModel, arch);
        SavedModelWeights.assign(Ops.create(graph).withSubScope("init_from"), session, params, weights);
        log.printf("initialised from %s%n", savedModel);
    }

    /** Trains for the recipe's epochs, resuming from {@code checkpointDir} when it holds a checkpoint. */
    public void fit(ImageSet trainSet, ImageSet testSet, Path checkpointDir) throws IOException {
        fit(trainSet, testSet, checkpointDir, Integer.MAX_VALUE);
    }

    /**
     * As {@link #fit(ImageSet, ImageSet, Path)} with at most {@code maxSteps} steps per epoch (smoke
     * tests and timing; the learning-rate schedule still runs over whole epochs).
     */
    public void fit(ImageSet trainSet, ImageSet testSet, Path checkpointDir, int maxSteps) throws IOException {
        checkShape(trainSet);
        int startEpoch = 0;
        Path state = checkpointDir == null ? null : checkpointDir.resolve("epoch.txt");
        if (state != null && Files.exists(state)) {
            startEpoch = Integer.parseInt(Files.readString(state).trim());
            session.restore(checkpointDir.resolve("model").toString());
            log.printf("resumed from %s after epoch %d%n", checkpointDir, startEpoch);
        }
        int n = trainSet.size();
        int bs = recipe.batchSize();
        int steps = Math.min(maxSteps, n / bs); // drop the last partial batch, as is usual
        int per = trainSet.imageSize();
        float[] batch = new float[bs * per];
        float[] labels = new float[bs * arch.classes()];
        Random rng = new Random(recipe.seed() * 31 + startEpoch);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        log.printf("training %s on %s: %s%n", arch.name(), trainSet, recipe);
        for (int epoch = startEpoch; epoch < recipe.epochs(); epoch++) {
            shuffle(order, rng);
            long t0 = System.nanoTime();
            double lossSum = 0;
            int correct = 0;
            for (int s = 0; s < steps; s++) {
                Arrays.fill(labels, 0f);
                for (int b = 0; b < bs; b++) {
                    int idx = order[s * bs + b];
                    if (recipe.augment()) {
                        Augment.cropFlip(trainSet.pixels(), idx * per, batch, b * per,
                                trainSet.height(), trainSet.width(), trainSet.channels(), 4, rng);
                    } else {
                        trainSet.copyImage(idx, batch, b * per);
                    }
                    labels[b * arch.classes() + trainSet.label(idx)] = 1f;
                }
                float rate = (float) recipe.learningRateAt(epoch + (double) s / steps);
                try (TFloat32 x = TFloat32.tensorOf(Shape.of(bs, arch.height(), arch.width(), arch.channels()),
                             DataBuffers.of(batch, true, false));
                     TFloat32 y = TFloat32.tensorOf(Shape.of(bs, arch.classes()), DataBuffers.of(labels, true, false));
                     TFloat32 r = TFloat32.scalarOf(rate)) {
                    Session.Runner run = session.runner().feed(images, x).feed(onehot, y).feed(lr, r)
                            .fetch(loss).fetch(trainLogits);
                    for (Op op : stepTargets) run.addTarget(op);
                    try (Result res = run.run()) {
                        float l = ((TFloat32) res.get(0)).getFloat();
                        if (!Float.isFinite(l)) {
                            throw new IllegalStateException("training diverged at epoch " + (epoch + 1) + " step " + s
                                    + " (loss " + l + "); lower the learning rate");
                        }
                        lossSum += l;
                        correct += countCorrect((TFloat32) res.get(1), labels, bs);
                    }
                }
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            String testAcc = "";
            boolean last = epoch == recipe.epochs() - 1;
            if (testSet != null && (last || (epoch + 1) % 4 == 0 || epoch + 1 >= recipe.epochs() - 4)) {
                testAcc = String.format(Locale.ROOT, " test-acc %.4f", accuracy(testSet));
            }
            log.printf(Locale.ROOT, "epoch %d/%d loss %.4f train-acc %.4f lr %.5f %.0f img/s %.1f s%s%n",
                    epoch + 1, recipe.epochs(), lossSum / steps, correct / (double) (steps * bs),
                    recipe.learningRateAt(epoch + 1), steps * bs / secs, secs, testAcc);
            log.flush();
            if (checkpointDir != null) {
                Files.createDirectories(checkpointDir);
                session.save(checkpointDir.resolve("model").toString());
                Files.writeString(state, Integer.toString(epoch + 1));
            }
        }
    }

    /** Top-1 accuracy of the inference branch (moving batch-norm statistics) on {@code set}. */
    public double accuracy(ImageSet set) {
        float[] logits = logits(set);
        int c = arch.classes();
        int correct = 0;
        for (int i = 0; i < set.size(); i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (logits[i * c + j] > logits[i * c + best]) best = j;
            }
            if (best == set.label(i)) correct++;
        }
        return correct / (double) set.size();
    }

    /** Logits [n, classes] of the inference branch, row-major: what the exported model must reproduce. */
    public float[] logits(ImageSet set) {
        checkShape(set);
        int per = set.imageSize();
        float[] out = new float[set.size() * arch.classes()];
        for (int from = 0; from < set.size(); from += EVAL_BATCH) {
            int m = Math.min(EVAL_BATCH, set.size() - from);
            float[] px = Arrays.copyOfRange(set.pixels(), from * per, (from + m) * per);
            float[] part = new float[m * arch.classes()];
            try (TFloat32 x = TFloat32.tensorOf(Shape.of(m, arch.height(), arch.width(), arch.channels()),
                         DataBuffers.of(px, true, false));
                 Result res = session.runner().feed(images, x).fetch(evalLogits).run()) {
                ((TFloat32) res.get(0)).copyTo(DataBuffers.of(part, false, false));
            }
            System.arraycopy(part, 0, out, from * arch.classes(), part.length);
        }
        return out;
    }

    /** The trained values of every variable of the network (not the optimiser's), by name. */
    public Map<String, float[]> weights() {
        Map<String, float[]> out = new HashMap<>();
        for (Params.Param p : params.all()) {
            try (Result res = session.runner().fetch(p.variable()).run()) {
                TFloat32 t = (TFloat32) res.get(0);
                float[] v = new float[Math.toIntExact(t.shape().size())];
                t.copyTo(DataBuffers.of(v, false, false));
                out.put(p.name(), v);
            }
        }
        return out;
    }

    private void checkShape(ImageSet set) {
        if (set.height() != arch.height() || set.width() != arch.width() || set.channels() != arch.channels()) {
            throw new IllegalArgumentException(set.name() + " has images " + set.height() + "x" + set.width() + "x"
                    + set.channels() + " but " + arch.name() + " expects " + arch.height() + "x" + arch.width() + "x"
                    + arch.channels());
        }
    }

    private int countCorrect(TFloat32 logits, float[] onehotLabels, int bs) {
        int c = 0;
        for (int i = 0; i < bs; i++) {
            if (onehotLabels[i * arch.classes() + argmax(logits, i)] == 1f) c++;
        }
        return c;
    }

    private static int argmax(TFloat32 logits, int row) {
        long classes = logits.shape().get(1);
        int best = 0;
        float bv = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            float v = logits.getFloat(row, j);
            if (v > bv) {
                bv = v;
                best = j;
            }
        }
        return best;
    }

    private static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    @Override
    public void close() {
        session.close();
        graph.close();
    }
}
