package dev.oodbench.detect;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.metrics.OodMetrics;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ShippedModels;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * On real MNIST: the feature-space detectors fitted on the MNIST[0-4] model beat chance by far on
 * digits 0-4 (ID) vs 5-9 (OOD). A covariance regression like pytorch-ood's, which dropped
 * Mahalanobis to chance, fails here.
 */
@EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealDataDetectionTest {
    private Classifier model;
    private FitData fit;
    private ImageSet id;
    private ImageSet ood;

    @BeforeAll
    void load() throws IOException {
        model = Classifier.load(ShippedModels.dir("mnist04-convnet"), Device.CPU);
        fit = FitData.collect(model, DatasetCatalog.load("mnist04-train"), 500, n -> { });
        id = DatasetCatalog.load("mnist04-test");
        ood = DatasetCatalog.load("mnist59-test");
    }

    @AfterAll
    void close() {
        model.close();
    }

    private double auroc(String detector) {
        Detector d = DetectorCatalog.create(detector);
        if (d.needsFit()) d.fit(fit);
        DetectorScorer s = new DetectorScorer(model, d);
        double auroc = OodMetrics.compute(toDouble(s.score(id, 500, n -> { })), toDouble(s.score(ood, 500, n -> { }))).auroc();
        System.out.printf("MNIST[0-4] vs [5-9] AUROC %-12s %.4f%n", detector, auroc);
        return auroc;
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) d[i] = f[i];
        return d;
    }

    @Test
    void mahalanobisBeatsChance() {
        assertTrue(auroc("mahalanobis") > 0.85);
    }

    @Test
    void rmdsBeatsChance() {
        assertTrue(auroc("rmds") > 0.85);
    }

    @Test
    void knnBeatsChance() {
        assertTrue(auroc("knn") > 0.85);
    }

    @Test
    void vimBeatsChance() {
        assertTrue(auroc("vim") > 0.85);
    }
}
