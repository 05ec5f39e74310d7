package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.DatasetFingerprint;
import dev.oodbench.detect.DetectorCatalog;
import dev.oodbench.detect.FitData;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Device;
import dev.oodbench.model.ShippedModels;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.Fixtures;
import dev.oodbench.results.ScoreStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every evaluated set's scores are kept per detector with its parameters, with the fingerprint of the set as scored. */
class ScoreSavingTest {
    static final String MODEL = "mnist04-convnet";

    @TempDir
    Path run;

    @Test
    void twoParameterSetsOfOneDetectorKeepTheirOwnScoresAndEveryRowItsFingerprints() throws IOException {
        try (Classifier model = Classifier.load(ShippedModels.dir(MODEL), Device.CPU)) {
            FitData fit = EvaluationTest.blobFit(model);
            OodBenchmark groups = new OodBenchmark(MODEL, "uniform", List.of("gaussian"), List.of());
            List<EvalRow> rows = new Evaluation(model, (m, p) -> fit).run(new Evaluation.Config(MODEL,
                    DetectorCatalog.parseList("knn,knn:k=100"), "uniform", List.of("gaussian"), groups, 256, 0, 0,
                    ScoreStore.sink(run)), Evaluation.Progress.NONE);
            String idPrint = DatasetFingerprint.of(DatasetCatalog.load("uniform", 28, 28, 1));
            String oodPrint = DatasetFingerprint.of(DatasetCatalog.load("gaussian", 28, 28, 1));
            EvalRow k50 = rows.get(0);
            EvalRow k100 = rows.stream().filter(r -> r.detectorParams().startsWith("k=100")).findFirst().orElseThrow();
            assertEquals("k=50;bank_fraction=1.0", k50.detectorParams());
            for (EvalRow r : List.of(k50, k100)) {
                assertEquals(idPrint, r.idFingerprint());
                assertEquals(oodPrint, r.oodFingerprint());
                SampleScores id = ScoreStore.find(run, MODEL, "knn", r.detectorParams(), "uniform");
                SampleScores ood = ScoreStore.find(run, MODEL, "knn", r.detectorParams(), "gaussian");
                assertEquals(idPrint, id.fingerprint());
                assertEquals(oodPrint, ood.fingerprint());
                assertEquals(SampleScores.ALL, id.order());
                assertEquals(r.metrics(), dev.oodbench.metrics.OodMetrics.compute(id.scores(), ood.scores()),
                        "each folder holds the scores its own row was computed from");
            }
            assertFalse(Arrays.equals(ScoreStore.find(run, MODEL, "knn", k50.detectorParams(), "gaussian").scores(),
                    ScoreStore.find(run, MODEL, "knn", k100.detectorParams(), "gaussian").scores()), "k=50 and k=100 differ");
            // the fingerprints travel through accuracy.csv
            Path csv = run.resolve("accuracy.csv");
            AccuracyCsv.write(csv, rows.stream().map(r -> new AccuracyRow(Fixtures.info("r", "t", "h", ""), "cpu", r)).toList());
            AccuracyRow back = AccuracyCsv.read(csv).get(0);
            assertEquals(idPrint, back.idFingerprint());
            assertEquals(oodPrint, back.oodFingerprint());
        }
    }

    @Test
    void aLimitedEvaluationNamesItsSelectionAndItsFingerprintIsThatOfTheSelection() throws IOException {
        try (Classifier model = Classifier.load(ShippedModels.dir(MODEL), Device.CPU)) {
            OodBenchmark groups = new OodBenchmark(MODEL, "uniform", List.of("gaussian"), List.of());
            List<EvalRow> rows = new Evaluation(model, (m, p) -> null).run(new Evaluation.Config(MODEL,
                    DetectorCatalog.parseList("mls"), "uniform", List.of("gaussian"), groups, 256, 0, 0,
                    ScoreStore.sink(run), 300), Evaluation.Progress.NONE);
            SampleScores id = ScoreStore.find(run, MODEL, "mls", "", "uniform");
            assertEquals(300, id.scores().length);
            assertEquals("first 300", id.order());
            String head = DatasetFingerprint.of(DatasetCatalog.load("uniform", 28, 28, 1).head(300));
            assertEquals(head, id.fingerprint());
            assertEquals(head, rows.get(0).idFingerprint());
            assertNotEquals(DatasetFingerprint.of(DatasetCatalog.load("uniform", 28, 28, 1)), head);
            assertTrue(rows.get(0).nOod() == 300);
        }
    }
}
