package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvRoundTripTest {
    @TempDir
    Path dir;

    static final List<String> ACCURACY_HEADER = List.of("schema_version", "run_id", "timestamp_utc", "suite_version",
            "git_commit", "model", "model_accuracy", "detector", "detector_params", "id_dataset", "n_id", "ood_dataset",
            "n_ood", "auroc", "auroc_lo", "auroc_hi", "fpr95", "fpr95_lo", "fpr95_hi", "fpr95_idpos", "tnr95", "aupr_in",
            "aupr_out", "detection_error", "positive_class", "fpr_rule", "device", "host", "cpu", "gpu", "java_version",
            "tf_version");

    static final List<String> PERFORMANCE_HEADER = List.of("schema_version", "run_id", "timestamp_utc", "suite_version",
            "git_commit", "benchmark", "model", "detector", "batch_size", "device", "threads", "mode", "score",
            "score_error", "unit", "images_per_s", "overhead_vs_forward", "status", "note", "forks", "iterations", "host",
            "cpu", "cores", "gpu", "java_version", "tf_version", "jvm_args", "overhead_lo", "overhead_hi", "calibration_gflops");

    private final RunInfo run = new RunInfo("20261123-042355-vm-2fa8e3d", "2026-11-23T04:23:55Z", "0.1.0-SNAPSHOT",
            "2fa8e3d00e100eb8bad37d010d144db5d05b8701-dirty", "vm", "AMD EPYC, \"quoted\" model", 2, "none", "17.0.15", "2.18.0");

    @Test
    void accuracyHeaderIsTheDocumentedListInOrderThenTheExtras() throws IOException {
        Path f = dir.resolve("accuracy.csv");
        AccuracyCsv.write(f, List.of());
        String header = Files.readAllLines(f).get(0);
        assertEquals(AccuracyCsv.COLUMNS, List.of(header.split(",")));
        assertEquals(ACCURACY_HEADER, AccuracyCsv.COLUMNS.subList(0, ACCURACY_HEADER.size()));
        assertEquals(List.of("ood_group", "status", "note"), AccuracyCsv.COLUMNS.subList(32, 35));
    }

    @Test
    void performanceHeaderIsExactlyTheDocumentedList() throws IOException {
        Path f = dir.resolve("performance.csv");
        PerformanceCsv.write(f, List.of());
        assertEquals(PERFORMANCE_HEADER, List.of(Files.readAllLines(f).get(0).split(",")));
        assertEquals(PERFORMANCE_HEADER, PerformanceCsv.COLUMNS);
    }

    @Test
    void accuracyRowsRoundTripEveryColumnAtFullPrecision() throws IOException {
        double[] id = {0.1, 0.2, 0.2, 0.35, 0.5, 0.7};
        double[] ood = {0.2, 0.6, 0.8, 0.9, 0.95};
        OodMetrics m = OodMetrics.compute(id, ood);
        Bootstrap.Intervals ci = Bootstrap.intervals(id, ood, 200, 1);
        AccuracyRow a = new AccuracyRow(run, "cpu", new EvalRow("mnist04-convnet", 0.9986378672893559, "vim",
                "dim=auto(D/2), alpha=1", "mnist04-test", "mnist59-test", "near", m, ci, EvalRow.OK, "", 0.699014134,
                10.683499294));
        AccuracyRow skipped = new AccuracyRow(run, "cpu", new EvalRow("mnist04-convnet", 0.99, "mls", "", "mnist04-test",
                "fashion-mnist-test", "far", OodMetrics.none(5139), null, EvalRow.SKIPPED,
                "dataset file missing,\nsee the README", Double.NaN, Double.NaN));
        Path f = dir.resolve("accuracy.csv");
        AccuracyCsv.write(f, List.of(a, skipped));
        List<AccuracyRow> back = AccuracyCsv.read(f);
        assertEquals(AccuracyCsv.table(List.of(a, skipped)), AccuracyCsv.table(back), "every column survives, NaN included");
        assertEquals(m, back.get(0).metrics(), "every metric at full precision, with the counts");
        assertEquals(new Bootstrap.Intervals(ci.aurocLo(), ci.aurocHi(), ci.fpr95Lo(), ci.fpr95Hi(), 0),
                back.get(0).eval().intervals(), "the bounds (the resample count is not a column)");
        assertEquals(a.eval().fitSeconds(), back.get(0).eval().fitSeconds());
        assertEquals(new RunInfo(run.runId(), run.timestampUtc(), run.suiteVersion(), run.gitCommit(), run.host(),
                run.cpu(), 0, run.gpu(), run.javaVersion(), run.tfVersion()), back.get(1).run());
        assertEquals(skipped.eval(), back.get(1).eval());
        String text = Files.readString(f);
        assertTrue(text.contains(Double.toString(m.auroc())), "metrics are written unrounded");
        assertTrue(text.contains(",ood,\"first-threshold-tpr>=0.95,ties-grouped\","), "convention columns");
        assertEquals("1", CsvTable.read(f).rows().get(0).get("schema_version"));
        assertEquals("", CsvTable.read(f).rows().get(1).get("auroc"), "NaN is an empty cell");
    }

    @Test
    void metricColumnsComeFromTheMetricNamesEachBoundedOneWithItsInterval() {
        List<String> metricColumns = AccuracyCsv.COLUMNS.subList(13, 24);
        assertEquals(List.of("auroc", "auroc_lo", "auroc_hi", "fpr95", "fpr95_lo", "fpr95_hi", "fpr95_idpos", "tnr95",
                "aupr_in", "aupr_out", "detection_error"), metricColumns);
        assertEquals(OodMetrics.NAMES, metricColumns.stream().filter(c -> !c.endsWith("_lo") && !c.endsWith("_hi")).toList());
        assertEquals(39, AccuracyCsv.COLUMNS.size());
        assertEquals(List.of("fit_seconds", "score_seconds", "id_fingerprint", "ood_fingerprint"),
                AccuracyCsv.COLUMNS.subList(35, 39));
    }

    @Test
    void committedAccuracyFilesReadAndWriteBackByteForByte() throws IOException {
        for (Path committed : List.of(Path.of("results/baseline/accuracy.csv"),
                Path.of("results/runs/20261123-104718-vm-5989e8c/accuracy.csv"))) {
            List<AccuracyRow> rows = AccuracyCsv.read(committed);
            assertTrue(rows.size() > 100, committed + ": " + rows.size() + " rows");
            Path copy = dir.resolve("copy.csv");
            AccuracyCsv.write(copy, rows);
            // files written before the fingerprint columns read back with them empty, every other cell as it was
            CsvTable before = CsvTable.read(committed);
            CsvTable after = CsvTable.read(copy);
            assertEquals(AccuracyCsv.COLUMNS, after.columns(), committed.toString());
            assertEquals(before.rows().size(), after.rows().size());
            for (int i = 0; i < before.rows().size(); i++) {
                for (String c : before.columns()) {
                    assertEquals(before.rows().get(i).get(c), after.rows().get(i).get(c), committed + " line " + (i + 2) + " " + c);
                }
                if (!before.columns().contains("id_fingerprint")) assertEquals("", after.rows().get(i).get("id_fingerprint"));
            }
        }
    }

    @Test
    void performanceRowsRoundTripEveryColumn() throws IOException {
        PerformanceRow ok = new PerformanceRow("1", run, new PerformanceRow.Key("score", "cifar10-resnet20",
                "knn:bank_fraction=0.25", "256", "cpu", "0"), "avgt", new PerformanceRow.Timing(75.12345678901234,
                1.2345678901234567, "ms/op", 2, 5), 3407.7, new PerformanceRow.Overhead(0.012345678901234, 0.01, 0.015),
                "ok", "", "-Xmx4g -Doodbench.home=.", 331.25);
        PerformanceRow fit = new PerformanceRow("1", run, new PerformanceRow.Key("fit", "cifar10-resnet20", "vim", "",
                "cpu", "0"), "ss", new PerformanceRow.Timing(812.5, Double.NaN, "ms/op", 1, 1), Double.NaN,
                PerformanceRow.Overhead.NONE, "ok", "", "", Double.NaN);
        PerformanceRow skipped = PerformanceRow.skipped(run, "score", "cifar10-resnet20", "vim", "256", "gpu", "0",
                "no GPU visible to TensorFlow on this machine");
        Path f = dir.resolve("performance.csv");
        PerformanceCsv.write(f, List.of(ok, fit, skipped));
        assertEquals(List.of(ok, fit, skipped), PerformanceCsv.read(f));
    }

    @Test
    void wrongColumnsOrSchemaAreOneLineErrors() throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, "model,detector\nm,d\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccuracyCsv.read(f));
        assertTrue(e.getMessage().contains("missing columns") && !e.getMessage().contains("\n"), e.getMessage());
        Path g = dir.resolve("future.csv");
        PerformanceCsv.write(g, List.of(PerformanceRow.skipped(run, "score", "m", "d", "1", "gpu", "0", "x")));
        Files.writeString(g, Files.readString(g).replace("\n1,", "\n2,"));
        e = assertThrows(IllegalArgumentException.class, () -> PerformanceCsv.read(g));
        assertTrue(e.getMessage().contains("schema_version 2"), e.getMessage());
        Path h = dir.resolve("nan.csv");
        var cells = new java.util.LinkedHashMap<>(PerformanceCsv.toMap(Fixtures.perf(run, "score", "m", "d", 8, "cpu", 1, 0.1)));
        cells.put("score", "abc");
        new CsvTable(PerformanceCsv.COLUMNS, List.<java.util.Map<String, String>>of(cells)).write(h);
        e = assertThrows(IllegalArgumentException.class, () -> PerformanceCsv.read(h));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("column score is 'abc', not a number"), e.getMessage());
    }

    @Test
    void overheadIsScoreTimeOverForwardTimeOfTheSameCombination() {
        RunInfo i = Fixtures.info("r", "", "h", "none");
        List<PerformanceRow> rows = PerformanceCsv.withOverheads(List.of(
                Fixtures.perf(i, "forward", "m", "", 256, "cpu", 10, 0.1),
                Fixtures.perf(i, "score", "m", "vim", 256, "cpu", 12.5, 0.1),
                Fixtures.perf(i, "score", "m", "vim", 64, "cpu", 3, 0.1),
                Fixtures.perf(i, "pipeline", "m", "vim", 256, "cpu", 30, 0.1),
                Fixtures.perf(i, "head", "m", "vim", 256, "cpu", 0.4, 0.01)));
        assertTrue(Double.isNaN(rows.get(0).overheadVsForward()));
        assertEquals(0.04, rows.get(4).overheadVsForward(), 1e-12, "a head row is the detector's ops alone over forward");
        assertEquals(0.25, rows.get(1).overheadVsForward(), 1e-12);
        assertTrue(Double.isNaN(rows.get(2).overheadVsForward()), "no forward row at batch 64");
        assertTrue(Double.isNaN(rows.get(3).overheadVsForward()), "only score and head rows get an overhead");
    }
}
