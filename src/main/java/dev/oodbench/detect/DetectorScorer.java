package dev.oodbench.detect;

import dev.oodbench.data.Batches;
import dev.oodbench.data.ImageSet;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A fitted detector wired into a loaded model's graph: images in, one score per image out, in one
 * {@code Session.run} on the model's device (two for input-perturbation detectors: the perturbed
 * images first, then their scores). Scores are checked: a NaN or infinite score is an error.
 */
public final class DetectorScorer {
    private final Classifier model;
    private final Detector detector;
    private final Operand<TFloat32> score;
    private final Operand<TFloat32> transform;

    public DetectorScorer(Classifier model, Detector detector) {
        this.model = model;
        this.detector = detector;
        Ops tf = model.extend("ood_" + detector.name());
        ScoreGraph g = model.hasMaps()
                ? new ScoreGraph(tf, model.imagesInput(), model.logitsOutput(), model.featuresOutput(), model.classes(),
                        model.featureDim(), List.copyOf(model.activations()), model.activationNames(),
                        model.activationShapes(), model.mapHead())
                : new ScoreGraph(tf, model.imagesInput(), model.logitsOutput(), model.featuresOutput(), model.classes(),
                        model.featureDim());
        this.score = detector.scoreOp(g);
        this.transform = detector.inputTransform(g);
        if ((transform != null) != detector.perturbsInput()) {
            throw new IllegalStateException("detector " + detector.name() + ": perturbsInput() disagrees with inputTransform()");
        }
    }

    public Detector detector() { return detector; }
    public Classifier model() { return model; }

    /** Whether the detector changes the input images before scoring them (ODIN). */
    public boolean perturbsInput() { return detector.perturbsInput(); }

    /** Scores {@code n} images packed NHWC in {@code pixels}. */
    public float[] score(float[] pixels, int n) {
        return scoreAsIs(transformed(pixels, n), n);
    }

    /** The score op on {@code n} images as given (already perturbed, for input-perturbing detectors). */
    private float[] scoreAsIs(float[] input, int n) {
        try (TFloat32 x = model.inputTensor(input, n);
             Result r = model.session().runner().feed(model.imagesInput(), x).fetch(score).run()) {
            return copyScores((TFloat32) r.get(0), n);
        }
    }

    /** A fetched score tensor as an array, checked: shape [n], every value finite. */
    private float[] copyScores(TFloat32 s, int n) {
        if (s.shape().numDimensions() != 1 || s.shape().get(0) != n) {
            throw new IllegalStateException("detector " + detector.name() + " produced scores of shape " + s.shape()
                    + " for " + n + " images; expected [" + n + "]");
        }
        float[] out = new float[n];
        s.copyTo(DataBuffers.of(out, false, false));
        checkFinite(out);
        return out;
    }

    /**
     * The detector's own ops alone: scores from already computed model outputs, fed in place of the
     * graph's logits and features tensors so that TensorFlow prunes the forward pass away. This is
     * what the detector adds on top of the forward pass, timed without the forward pass's noise.
     * Input-perturbation detectors (ODIN) need the images and fail here, and so do detectors that
     * read the stage maps (ASH/SCALE on the map, RankFeat, MDS-ensemble, Gram): their ops start from
     * the maps, which are most of the forward pass, so "the detector alone" has no meaning for them;
     * {@link Detector#scoresFromOutputs()} tells which detectors the head benchmark can time.
     */
    public float[] scoreOutputs(Outputs outputs) {
        if (perturbsInput()) {
            throw new UnsupportedOperationException("detector " + detector.name()
                    + " perturbs the input images, so its score cannot be computed from logits and features alone");
        }
        if (detector.needsMaps()) {
            throw new UnsupportedOperationException("detector " + detector.name() + " reads the stage maps, so its score "
                    + "cannot be computed from logits and features alone (time it with the score benchmark)");
        }
        int n = outputs.n();
        float[] out = new float[n];
        try (TFloat32 l = TFloat32.tensorOf(Shape.of(n, outputs.classes()),
                     DataBuffers.of(outputs.logits(), true, false));
             TFloat32 f = TFloat32.tensorOf(Shape.of(n, outputs.dim()),
                     DataBuffers.of(outputs.features(), true, false));
             Result r = model.session().runner().feed(model.logitsOutput(), l).feed(model.featuresOutput(), f)
                     .fetch(score).run()) {
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
        checkFinite(out);
        return out;
    }

    /** Scores every image of {@code set} in batches of {@code batchSize}. */
    public float[] score(ImageSet set, int batchSize, IntConsumer progress) {
        model.checkShape(set);
        float[] out = new float[set.size()];
        for (Batches.Batch b : Batches.of(set, batchSize)) {
            System.arraycopy(score(b.pixels(), b.size()), 0, out, b.from(), b.size());
            progress.accept(b.size());
        }
        return out;
    }

    /**
     * Scores {@code n} images with several scorers of one model: one {@code Session.run} computes
     * the forward pass shared by all, every detector's ops on it, and the perturbed images of the
     * input-perturbing scorers (ODIN): their gradients reuse that forward pass, and TensorFlow
     * computes identical gradient subgraphs once (ODIN and iODIN at one temperature: one backward
     * pass); then one more run per input-perturbing scorer scores its perturbed images. Returns one
     * score array per scorer, in order.
     */
    public static float[][] scoreTogether(List<DetectorScorer> scorers, float[] pixels, int n) {
        float[][] out = new float[scorers.size()][];
        if (scorers.isEmpty()) return out;
        Classifier model = scorers.get(0).model;
        List<float[]> moved = new ArrayList<>();
        try (TFloat32 x = model.inputTensor(pixels, n)) {
            Session.Runner runner = model.session().runner().feed(model.imagesInput(), x);
            for (DetectorScorer sc : scorers) {
                if (sc.model != model) throw new IllegalArgumentException("scoreTogether needs scorers of one model");
                runner.fetch(sc.transform != null ? sc.transform : sc.score);
            }
            try (Result r = runner.run()) {
                for (int i = 0; i < scorers.size(); i++) {
                    DetectorScorer sc = scorers.get(i);
                    TFloat32 t = (TFloat32) r.get(i);
                    if (sc.transform != null) {
                        float[] images = new float[pixels.length];
                        t.copyTo(DataBuffers.of(images, false, false));
                        moved.add(images);
                    } else {
                        out[i] = sc.copyScores(t, n);
                    }
                }
            }
        }
        for (int i = 0, j = 0; i < scorers.size(); i++) {
            if (scorers.get(i).transform != null) out[i] = scorers.get(i).scoreAsIs(moved.get(j++), n);
        }
        return out;
    }

    /** The images this detector actually scores (perturbed for ODIN, unchanged otherwise). */
    public float[] transformed(float[] pixels, int n) {
        if (transform == null) return pixels;
        float[] out = new float[pixels.length];
        try (TFloat32 x = model.inputTensor(pixels, n);
             Result r = model.session().runner().feed(model.imagesInput(), x).fetch(transform).run()) {
            ((TFloat32) r.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
        return out;
    }

    private void checkFinite(float[] s) {
        int bad = 0;
        int first = -1;
        for (int i = 0; i < s.length; i++) {
            if (!Float.isFinite(s[i])) {
                if (first < 0) first = i;
                bad++;
            }
        }
        if (bad > 0) {
            throw new IllegalStateException("detector " + detector.name() + " on " + model.name() + ": " + bad
                    + " NaN or infinite scores (first at index " + first + "); check the model outputs and the "
                    + "detector's fitted statistics");
        }
    }
}
