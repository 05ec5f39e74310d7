package dev.oodbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.PerformanceCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Runs after the benchmark run of {@code mvn verify -Pbench} (failsafe, integration-test phase) and
 * checks the newest run folder it produced: the documented columns in order, positive throughput,
 * JMH errors present, overhead computed, accuracy rows with metrics in [0,1].
 */
class BenchRunIT {
    private static Path newestRun() throws IOException {
        Path runs = Path.of(System.getProperty("bench.results", "results")).resolve("runs");
        try (var s = Files.list(runs)) {
            return s.filter(Files::isDirectory).max(Comparator.comparing(p -> p.getFileName().toString()))
                    .orElseThrow(() -> new AssertionError("no run folder under " + runs));
        }
    }

    @Test
    void performanceCsvHasTheDocumentedColumnsAndSaneValues() throws IOException {
        Path run = newestRun();
        assertTrue(Files.isRegularFile(run.resolve("jmh.json")), "jmh.json kept");
        CsvTable perf = CsvTable.read(run.resolve("performance.csv"));
        assertEquals(PerformanceCsv.COLUMNS, perf.columns());
        List<Map<String, String>> ok = perf.rows().stream().filter(r -> r.get("status").equals("ok")).toList();
        assertFalse(ok.isEmpty(), "some benchmarks ran");
        for (Map<String, String> r : ok) {
            assertEquals(run.getFileName().toString(), r.get("run_id"));
            double score = CsvTable.num(r.get("score"));
            assertTrue(score > 0, "positive time " + r);
            if (!r.get("benchmark").equals("fit")) {
                assertTrue(CsvTable.num(r.get("images_per_s")) > 0, "positive throughput " + r);
                assertTrue(CsvTable.num(r.get("score_error")) >= 0, "JMH error present " + r);
            }
            if (r.get("benchmark").equals("score")) {
                double overhead = CsvTable.num(r.get("overhead_vs_forward"));
                assertTrue(overhead > -0.5 && overhead < 100, "overhead computed " + r);
                // timed interleaved with the forward pass: the overhead comes with its interval
                assertEquals("interleaved", r.get("mode"), "score rows are paired by default " + r);
                assertTrue(CsvTable.num(r.get("overhead_lo")) <= overhead && overhead <= CsvTable.num(r.get("overhead_hi")),
                        "overhead inside its interval " + r);
            }
            assertTrue(CsvTable.num(r.get("calibration_gflops")) > 0, "every timed row carries the calibration rate " + r);
        }
        assertTrue(perf.rows().stream().filter(r -> r.get("device").equals("gpu"))
                .allMatch(r -> !r.get("status").equals("failed")), "gpu rows are ok or skipped, never failed");
    }

    @Test
    void aRealRunComparedWithItselfReportsNoChange() throws IOException {
        Path run = newestRun();
        dev.oodbench.results.RunData data = dev.oodbench.results.RunData.read(run);
        dev.oodbench.report.Compare.Result r = new dev.oodbench.report.Compare(0.10, 0.005).compare(data, data);
        assertEquals(0, r.regressions());
        assertEquals(0, r.improvements());
        assertTrue(r.rows().stream().noneMatch(x -> x.verdict().equals("missing")));
        assertTrue(Files.isRegularFile(run.resolve("report.html")), "the run's report is written");
    }

    @Test
    void accuracyCsvHasTheDocumentedColumnsAndFractions() throws IOException {
        Path run = newestRun();
        CsvTable acc = CsvTable.read(run.resolve("accuracy.csv"));
        assertEquals(AccuracyCsv.COLUMNS, acc.columns());
        List<Map<String, String>> ok = acc.rows().stream().filter(r -> r.get("status").equals("ok")).toList();
        assertFalse(ok.isEmpty());
        for (Map<String, String> r : ok) {
            for (String m : List.of("auroc", "fpr95", "fpr95_idpos", "tnr95", "aupr_in", "aupr_out", "detection_error")) {
                double v = CsvTable.num(r.get(m));
                assertTrue(v >= 0 && v <= 1, m + " in [0,1]: " + r);
            }
            assertEquals("ood", r.get("positive_class"));
            assertTrue(r.get("auroc").length() > 0);
        }
        // the detectors beat chance on the far-OOD average
        assertTrue(ok.stream().filter(r -> r.get("ood_dataset").equals("far-average"))
                .allMatch(r -> CsvTable.num(r.get("auroc")) > 0.6));
    }
}
