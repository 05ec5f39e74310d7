package dev.oodbench.detect;

import dev.oodbench.model.Outputs;
import dev.oodbench.model.StageMaps;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A post-hoc OOD detector: fitted once on in-distribution training outputs, then scoring batches
 * inside the model's TensorFlow graph. Higher score = more anomalous (OOD is the positive class).
 * Hyper-parameters are constructor arguments; {@link #params()} reports them for the results.
 * Every detector also has a plain-Java float64 {@link #referenceScores reference} of the same
 * score, which the tests hold the in-graph score to.
 */
public interface Detector {
    /** The catalog name, e.g. {@code vim}. */
    String name();

    /** Hyper-parameters in a stable order (recorded in the CSV as {@code detector_params}). */
    Map<String, Object> params();

    /** Whether {@link #fit} must run first (it needs training outputs or the final layer's weights). */
    boolean needsFit();

    /**
     * Whether {@link #fit} runs the model over the training images itself (Gram streams their full
     * stage maps, too large to cache): a forward pass over the training set, so the fit benchmark
     * leaves it out and its fit time is the {@code fit_seconds} of the evaluation.
     */
    default boolean fitRunsModel() {
        return false;
    }

    /** Fits on in-distribution training outputs; a detector that needs no fit ignores it. */
    default void fit(FitData data) {
    }

    /** Statistics the fit produced that are worth reporting (ViM's alpha, ReAct's clip, KNN's bank size). */
    default Map<String, Object> fitted() {
        return Map.of();
    }

    /** Adds the score ops to the model's graph: a [N] float32 score of {@code g}'s outputs. */
    Operand<TFloat32> scoreOp(ScoreGraph g);

    /** Whether the detector scores perturbed images ({@link #inputTransform} is not null): ODIN. */
    default boolean perturbsInput() {
        return false;
    }

    /**
     * For input-perturbation methods (ODIN): the images actually scored, computed from
     * {@code g.images()} in the graph (a first {@code Session.run}); {@code null} for all others.
     */
    default Operand<TFloat32> inputTransform(ScoreGraph g) {
        return null;
    }

    /** The same score in float64 plain Java, from the model's outputs on the (transformed) images. */
    double[] referenceScores(Outputs outputs);

    /**
     * Whether the score reads the stage maps ({@link ScoreGraph#maps()}), so it cannot be computed from
     * logits and features alone and its reference needs {@link #referenceScores(Outputs, StageMaps)}.
     */
    default boolean needsMaps() {
        return false;
    }

    /** Whether {@link DetectorScorer#scoreOutputs} can score from logits and features alone (the head benchmark). */
    default boolean scoresFromOutputs() {
        return !perturbsInput() && !needsMaps();
    }

    /**
     * The float64 reference from the outputs and the full stage maps of the same images (fetched in
     * one run with {@code Classifier.runWithMaps}); detectors that read no maps ignore them.
     */
    default double[] referenceScores(Outputs outputs, StageMaps maps) {
        return referenceScores(outputs);
    }
}
