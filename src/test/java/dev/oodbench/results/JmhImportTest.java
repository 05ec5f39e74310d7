package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JmhImportTest {
    @TempDir
    Path dir;

    private final RunInfo run = Fixtures.info("20261123-042355-vm-2fa8e3d", "2026-11-23T04:23:55Z", "vm", "none");

    private Path fixture() throws IOException {
        String m = "cifar10-resnet20";
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, Fixtures.jmhFile(List.of(
                Fixtures.jmhEntry("dev.oodbench.bench.ForwardBenchmark.forward", m, null, 256, "cpu",
                        new double[][] {{70, 72, 74}, {71, 73, 75}}),                     // mean 72.5 ms
                Fixtures.jmhEntry("dev.oodbench.bench.ScoreBenchmark.score", m, "vim", 256, "cpu",
                        new double[][] {{80, 82, 84}, {81, 83, 85}}),                     // mean 82.5 ms
                Fixtures.jmhEntry("dev.oodbench.bench.ScoreBenchmark.score", m, "mls", 8, "cpu",
                        new double[][] {{4.0}}),                                          // no forward at 8; NaN error
                Fixtures.jmhEntry("dev.oodbench.bench.FitBenchmark.fit", m, "vim", null, "cpu",
                        new double[][] {{1500}}),
                Fixtures.jmhEntry("dev.oodbench.bench.PipelineBenchmark.pipeline", m, "vim", 256, "cpu",
                        new double[][] {{160, 165}}))));
        return json;
    }

    @Test
    void rowsCarryImagesPerSecondOverheadAndRunIdentity() throws IOException {
        List<PerformanceRow> notRun = List.of(PerformanceRow.skipped(run, "score", "cifar10-resnet20", "vim", "256", "gpu",
                "0", "no GPU visible to TensorFlow on this machine"));
        List<PerformanceRow> rows = JmhImport.rows(fixture(), run, notRun);
        assertEquals(6, rows.size());
        PerformanceRow fwd = rows.get(0);
        PerformanceRow vim = rows.get(1);
        assertEquals("forward", fwd.benchmark());
        assertEquals("score", vim.benchmark());
        assertEquals("vim", vim.detector());
        assertEquals("256", vim.batchSize());
        assertEquals("cpu", vim.device());
        assertEquals("0", vim.threads(), "the threads parameter, not JMH's worker threads");
        assertEquals("avgt", vim.mode());
        assertEquals(82.5, vim.score(), 1e-9);
        assertEquals("ms/op", vim.unit());
        assertEquals(2, vim.forks());
        assertEquals(3, vim.iterations());
        assertEquals("-Xmx4g -Doodbench.home=.", vim.jvmArgs());
        assertEquals(256 / 0.0825, vim.imagesPerS(), 1e-6);
        assertEquals(256 / 0.0725, fwd.imagesPerS(), 1e-6);
        assertEquals(82.5 / 72.5 - 1, vim.overheadVsForward(), 1e-12);
        assertTrue(Double.isNaN(fwd.overheadVsForward()), "forward rows have no overhead");
        PerformanceRow mls = rows.get(2);
        assertEquals(8 / 0.004, mls.imagesPerS(), 1e-6);
        assertTrue(Double.isNaN(mls.overheadVsForward()), "no forward row at batch 8");
        assertTrue(Double.isNaN(mls.scoreError()), "JMH writes \"NaN\" for a single iteration");
        PerformanceRow fit = rows.get(3);
        assertEquals("fit", fit.benchmark());
        assertEquals("vim", fit.detector());
        assertEquals("", fit.batchSize());
        assertTrue(Double.isNaN(fit.imagesPerS()));
        PerformanceRow pipeline = rows.get(4);
        assertEquals("pipeline", pipeline.benchmark());
        assertTrue(Double.isNaN(pipeline.overheadVsForward()));
        PerformanceRow skipped = rows.get(5);
        assertEquals("skipped", skipped.status());
        assertEquals("gpu", skipped.device());
        for (PerformanceRow r : rows) {
            assertEquals(run.runId(), r.runId());
            assertEquals(run.host(), r.host());
            assertEquals(run.gitCommit(), r.gitCommit());
        }
    }

    @Test
    void rawSamplesStayAvailable() throws IOException {
        List<JmhImport.Entry> e = JmhImport.read(fixture(), run);
        assertArrayEquals(new double[] {80, 82, 84, 81, 83, 85}, e.get(1).samples());
        assertEquals(2, e.get(1).rawData().length);
        Map<PerformanceRow.Key, double[]> s = JmhImport.samples(fixture());
        assertArrayEquals(new double[] {70, 72, 74, 71, 73, 75},
                s.get(new PerformanceRow.Key("forward", "cifar10-resnet20", "", "256", "cpu", "0")));
    }

    @Test
    void writeRunWritesPerformanceCsvThatReadsBackAsARunWithSamples() throws IOException {
        Path runDir = dir.resolve("runs/" + run.runId());
        Files.createDirectories(runDir);
        Files.copy(fixture(), runDir.resolve("jmh.json"));
        JmhImport.writeRun(runDir, run, List.of());
        run.write(runDir);
        RunData data = RunData.read(runDir);
        assertEquals(5, data.performance().size());
        assertEquals(5, data.samples().size());
        assertEquals(run, data.info());
    }

    @Test
    void notJmhJsonIsAClearError() throws IOException {
        Path f = dir.resolve("x.json");
        Files.writeString(f, "{\"a\": 1}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhImport.read(f, run));
        assertTrue(e.getMessage().contains("not a JMH JSON result file"), e.getMessage());
        Files.writeString(f, "[{\"benchmark\": \"a.b\", ");
        e = assertThrows(IllegalArgumentException.class, () -> JmhImport.read(f, run));
        assertTrue(e.getMessage().contains("not a JMH JSON result file"), e.getMessage());
        Files.writeString(f, "[{\"benchmark\": \"a.b\", \"primaryMetric\": {\"score\": {\"x\": 1}}}]");
        e = assertThrows(IllegalArgumentException.class, () -> JmhImport.read(f, run));
        assertTrue(e.getMessage().contains("result 1 is malformed"), e.getMessage());
    }

    @Test
    void jmhsNonFiniteNumbersAreRead() {
        assertTrue(Double.isNaN(JmhImport.number(new com.google.gson.JsonPrimitive("NaN"))));
        assertEquals(Double.POSITIVE_INFINITY, JmhImport.number(new com.google.gson.JsonPrimitive("+INF")));
        assertEquals(Double.NEGATIVE_INFINITY, JmhImport.number(new com.google.gson.JsonPrimitive("-INF")));
        assertEquals(2.5e3, JmhImport.number(com.google.gson.JsonParser.parseString("2.5e3")));
        assertTrue(Double.isNaN(JmhImport.number(null)));
        assertEquals("256", JmhImport.string(new com.google.gson.JsonPrimitive("256")));
        assertEquals("", JmhImport.string(com.google.gson.JsonNull.INSTANCE));
    }

    @Test
    void otherTimeUnitsAreConverted() {
        assertEquals(256 / 0.0825, JmhImport.imagesPerSecond("score", "256", 82500, "us/op"), 1e-6);
        assertEquals(256 / 0.0825, JmhImport.imagesPerSecond("score", "256", 0.0825, "s/op"), 1e-6);
        assertEquals(256 * 12.0, JmhImport.imagesPerSecond("score", "256", 12, "ops/s"), 1e-6);
        assertEquals(256 * 12000.0, JmhImport.imagesPerSecond("score", "256", 12, "ops/ms"), 1e-6);
    }
}
