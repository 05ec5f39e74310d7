package dev.oodbench.detect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.ImageSet;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.Outputs;
import dev.oodbench.model.ShippedModels;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every catalog detector, fitted on the committed MNIST[0-4] model's outputs, scores the same in
 * the graph (float32) as its plain-Java float64 reference, at any batch size, and deterministically.
 * Tolerance: |graph - reference| <= 1e-3 * (1 + |reference|).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorAgreementTest {
    static final double REL_TOL = 1e-3;
    private Classifier model;
    private FitData fit;
    private ImageSet test;

    @BeforeAll
    void load() {
        model = Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.CPU);
        ImageSet train = ShippedModels.blobs("fit", 600, 28, 28, 1, 1);
        Outputs o = model.run(train, 200, n -> { });
        int[] labels = new int[o.n()];
        for (int i = 0; i < o.n(); i++) labels[i] = o.predicted(i);
        // every class needs samples for the class-conditional detectors: label round-robin where a class is empty
        int[] counts = new int[o.classes()];
        for (int l : labels) counts[l]++;
        for (int c = 0, i = 0; c < o.classes(); c++) {
            while (counts[c] < 20) {
                counts[labels[i]]--;
                labels[i] = c;
                counts[c]++;
                i++;
            }
        }
        fit = new FitData(o, labels, model.finalWeight(), model.finalBias());
        test = ShippedModels.blobs("test", 256, 28, 28, 1, 2);
    }

    @AfterAll
    void close() {
        model.close();
    }

    Stream<String> detectors() {
        return DetectorCatalog.names().stream();
    }

    private Detector fitted(String name) {
        Detector d = DetectorCatalog.create(name);
        if (d.needsFit()) d.fit(fit);
        return d;
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void graphScoreMatchesFloat64Reference(String name) {
        Detector d = fitted(name);
        DetectorScorer scorer = new DetectorScorer(model, d);
        float[] px = test.pixels();
        float[] graph = scorer.score(px, test.size());
        float[] scored = scorer.transformed(px, test.size());
        double[] ref = d.referenceScores(model.run(scored, test.size()));
        double worst = 0;
        for (int i = 0; i < graph.length; i++) {
            worst = Math.max(worst, Math.abs(graph[i] - ref[i]) / (1 + Math.abs(ref[i])));
        }
        assertTrue(worst <= REL_TOL, name + ": worst relative difference " + worst);
        assertTrue(Arrays.stream(ref).distinct().count() > 10, name + ": scores should vary across inputs");
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void scoresDoNotDependOnBatchSize(String name) {
        DetectorScorer scorer = new DetectorScorer(model, fitted(name));
        float[] whole = scorer.score(test, 256, n -> { });
        for (int bs : new int[] {1, 7}) {
            float[] parts = scorer.score(test, bs, n -> { });
            for (int i = 0; i < whole.length; i++) {
                assertEquals(whole[i], parts[i], 1e-4 * (1 + Math.abs(whole[i])), name + " batch " + bs + " image " + i);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("detectors")
    void fittingTwiceGivesTheSameScores(String name) {
        float[] a = new DetectorScorer(model, fitted(name)).score(test, 256, n -> { });
        float[] b = new DetectorScorer(model, fitted(name)).score(test, 256, n -> { });
        assertArrayEquals(a, b, name);
    }
}
