package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.Detector;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.detect.DetectorScorer;
import dev.oodbench.detect.FitData;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ShippedModels;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The evaluation on the shipped MNIST convnet (real TensorFlow) and its group averages by hand. */
class EvaluationTest {
    private static final String MODEL = "mnist04-convnet";

    private static EvalRow row(String oodSet, OodMetrics m) {
        return new EvalRow(MODEL, 0.99, "mls", "", "mnist04-test", oodSet, "far", m,
                new Bootstrap.Intervals(0.1, 0.2, 0.3, 0.4, 100), EvalRow.OK, "", 0.5, 2.0);
    }

    @Test
    void aGroupAverageIsThePlainMeanOfItsMembersAndNamesTheAbsentOne() {
        OodMetrics a = new OodMetrics(0.9, 0.25, 0.5, 0.75, 0.625, 0.5, 0.125, 5139, 1000);
        OodMetrics b = new OodMetrics(0.7, 0.75, 0.25, 0.25, 0.375, 0.25, 0.375, 5139, 3000);
        EvalRow avg = Evaluation.average(List.of(row("notmnist-test", a), row("omniglot", b)), "far",
                List.of("fashion-mnist-test"));
        assertEquals("far-average", avg.oodSet());
        assertEquals("far", avg.group());
        assertTrue(avg.ok());
        for (String name : OodMetrics.NAMES) {
            assertEquals((a.get(name) + b.get(name)) / 2, avg.metrics().get(name), 1e-15, name);
        }
        assertEquals(0.8, avg.metrics().auroc(), 1e-15);
        assertEquals(0.5, avg.metrics().fpr95(), 1e-15);
        assertEquals(5139, avg.nId());
        assertEquals(4000, avg.nOod(), "the members' OOD images together");
        assertEquals(Bootstrap.Intervals.none(), avg.intervals(), "an average has no interval");
        assertEquals("plain average of notmnist-test+omniglot; partial: fashion-mnist-test absent", avg.note());
        assertEquals("plain average of notmnist-test", Evaluation.average(List.of(row("notmnist-test", a)), "far",
                List.of()).note());
    }

    /** Fit data from seeded blobs (labels 0-4), so the test needs no dataset files. */
    static FitData blobFit(Classifier model) {
        ImageSet train = ShippedModels.blobs("train", 400, 28, 28, 1, 5);
        int[] labels = train.labels();
        for (int i = 0; i < labels.length; i++) labels[i] = i % 5;
        return FitDataCollector.collect(model, train, 128, n -> { });
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-5 * Math.max(1, Math.abs(expected[i]));
            int at = i;
            assertTrue(Math.abs(expected[i] - actual[i]) <= tol,
                    () -> what + ": index " + at + " expected " + expected[at] + " but was " + actual[at]);
        }
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void everyDetectorScoredTogetherEqualsItsOwnScorerAndTheRowsFollowFromTheScores() throws IOException {
        try (Classifier model = Classifier.load(ShippedModels.dir(MODEL), Device.CPU)) {
            FitData fit = blobFit(model);
            List<Detector> detectors = DetectorCatalog.parseList("mls,energy,vim,knn,react,odin,iodin");
            Map<String, double[]> saved = new HashMap<>();
            OodBenchmark groups = new OodBenchmark(MODEL, "uniform", List.of("gaussian"), List.of("rademacher"));
            Evaluation evaluation = new Evaluation(model, (m, p) -> fit);
            List<EvalRow> rows = evaluation.run(new Evaluation.Config(MODEL, detectors, "uniform",
                    List.of("gaussian", "rademacher"), groups, 96, 50, 7, s -> saved.put(s.detector() + "/" + s.dataset(), s.scores())),
                    Evaluation.Progress.NONE);
            assertEquals(detectors.size() * 4, rows.size(), "two sets and two group averages per detector");
            assertEquals(detectors.size() * 3, saved.size(), "the ID set and both OOD sets per detector");
            for (Detector d : detectors) {
                DetectorScorer alone = new DetectorScorer(model, d);
                for (String set : List.of("uniform", "gaussian", "rademacher")) {
                    ImageSet images = DatasetCatalog.load(set, 28, 28, 1);
                    // batch 50 alone against batch 96 together: a score does not depend on its batch beyond
                    // float32 rounding (oneDNN blocks its kernels by batch size): 1e-5 relative
                    assertClose(toDouble(alone.score(images, 50, n -> { })), saved.get(d.name() + "/" + set),
                            d.name() + " on " + set);
                }
            }
            for (EvalRow r : rows) {
                double[] id = saved.get(r.detector() + "/uniform");
                String set = r.oodSet().equals("near-average") ? "gaussian"
                        : r.oodSet().equals("far-average") ? "rademacher" : r.oodSet();
                double[] ood = saved.get(r.detector() + "/" + set);
                assertEquals(OodMetrics.compute(id, ood), r.metrics(), r.detector() + " " + r.oodSet());
                Bootstrap.Intervals ci = r.oodSet().endsWith("-average") ? Bootstrap.Intervals.none()
                        : Bootstrap.intervals(id, ood, 50, 7);
                assertEquals(ci, r.intervals(), r.detector() + " " + r.oodSet());
                assertEquals(r.oodSet().equals("gaussian") || r.oodSet().equals("near-average") ? "near" : "far", r.group());
            }
            assertTrue(evaluation.phaseSeconds().keySet().containsAll(List.of("load datasets", "fit", "metrics",
                    "bootstrap", Evaluation.SCORING)), evaluation.phaseSeconds().toString());
        }
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+")
    void theAccuracyReadFromTheScoringPassesIsTheModelsAccuracy() throws IOException {
        try (Classifier model = Classifier.load(ShippedModels.dir(MODEL), Device.CPU)) {
            List<EvalRow> rows = new Evaluation(model, (m, p) -> blobFit(m)).run(new Evaluation.Config(MODEL,
                    DetectorCatalog.parseList("mls"), "mnist04-test", List.of("gaussian"), OodBenchmark.of(MODEL), 256, 0, 0,
                    null), Evaluation.Progress.NONE);
            double expected = model.accuracy(DatasetCatalog.load("mnist04-test", 28, 28, 1), 256);
            assertTrue(expected > 0.99, "the card's 99.86%: " + expected);
            assertEquals(expected, rows.get(0).modelAccuracy());
        }
    }
}
