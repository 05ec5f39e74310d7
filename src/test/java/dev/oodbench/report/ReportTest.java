package dev.oodbench.report;

import dev.oodbench.results.Fixtures;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.RunData;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.CsvTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports on synthetic runs written through the real writers. */
class ReportTest {
    @TempDir
    Path dir;

    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    private static boolean isPng(byte[] b) {
        return b.length > 8 && b[0] == PNG_MAGIC[0] && b[1] == PNG_MAGIC[1] && b[2] == PNG_MAGIC[2] && b[3] == PNG_MAGIC[3];
    }

    @Test
    void cpuOnlyRunGetsEveryChartButTheSpeedupAndSaysWhy() throws IOException {
        Path r = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path html = Report.write(List.of(RunData.read(r)), r);
        assertEquals(r.resolve("report.html"), html);
        String page = Files.readString(html);
        for (String s : List.of("Runs", "Throughput: mnist04-convnet on cpu", "CPU vs GPU speed-up",
                "Detector overhead over the forward pass", "Quality against speed: mnist04-convnet on cpu",
                "Score distributions and ROC curves: mnist04-convnet", "Every metric", "Pareto front")) {
            assertTrue(page.contains(s), "report has " + s);
        }
        assertTrue(page.contains("No GPU rows ran in this run (20 GPU combinations skipped: no GPU visible to TensorFlow on "
                + "this machine), so there is no CPU vs GPU speed-up chart."), "the page says why there is no speed-up chart");
        assertFalse(page.contains("-speedup"), "no speed-up image");
        // self-contained: every image is an embedded PNG, nothing is loaded from elsewhere
        Matcher m = Pattern.compile("<img[^>]*src=\"([^\"]*)\"").matcher(page);
        int images = 0;
        while (m.find()) {
            assertTrue(m.group(1).startsWith("data:image/png;base64,"), m.group(1));
            assertTrue(isPng(Base64.getDecoder().decode(m.group(1).substring("data:image/png;base64,".length()))));
            images++;
        }
        // throughput, overhead, pareto, ROC overview, 4 detectors x (histogram + ROC)
        assertEquals(12, images);
        assertFalse(page.contains("src=\"http") || page.contains("<script"), "no external resources");
        assertTrue(page.contains("0.9"), "metric values in the table");
        assertTrue(page.contains("skipped fashion-mnist-test: dataset file missing"), "skipped rows are shown with their reason");

        String md = Files.readString(r.resolve("report.md"));
        assertTrue(md.contains("## Speed") && md.contains("### Every metric") && md.contains("| detector | params | OOD set |"), md);
        Matcher links = Pattern.compile("!\\[[^]]*]\\((report-files/[^)]+\\.png)\\)").matcher(md);
        int linked = 0;
        while (links.find()) {
            Path png = r.resolve(links.group(1));
            assertTrue(Files.isRegularFile(png), "markdown links an existing PNG: " + png);
            assertTrue(isPng(Files.readAllBytes(png)));
            linked++;
        }
        assertEquals(images, linked);
        assertTrue(md.contains("No GPU rows ran in this run"));
    }

    @Test
    void twoMachinesSideBySideWithAGpuSpeedup() throws IOException {
        Path a = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path b = Fixtures.fullRun(dir, "20261124-000000-beta-0123456", "2026-11-24T00:00:00Z", "beta", true, 0.5);
        Path out = dir.resolve("cmp");
        String page = Files.readString(Report.write(List.of(RunData.read(a), RunData.read(b)), out));
        assertTrue(page.contains("Hardware side by side"));
        assertTrue(page.contains("images/s: 20261123-000000-alpha-0123456, alpha (Test CPU 3000 x4, GPU none)"),
                "columns labelled with run, host, CPU, GPU");
        assertTrue(page.contains("images/s: 20261124-000000-beta-0123456, beta (Test CPU 3000 x4, GPU Test GPU 80GB)"));
        assertTrue(page.contains("second / first"));
        assertTrue(page.contains("x2.00"), "beta is twice as fast in the synthetic data");
        int speedup = page.indexOf("CPU vs GPU speed-up — 20261124-000000-beta-0123456 (beta)</h3>");
        assertTrue(speedup > 0, "the GPU run has a speed-up section");
        assertTrue(page.indexOf("<img", speedup) < page.indexOf("<h", speedup + 10), "with a chart");
        assertTrue(page.contains("CPU vs GPU speed-up — 20261123-000000-alpha-0123456 (alpha)</h3>\n<p class=\"note\">No GPU rows"));
        assertTrue(Files.isRegularFile(out.resolve("report.md")));
    }

    @Test
    void twoRunsOfOneMachineAreTwoSeries() throws IOException {
        Path a = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path b = Fixtures.fullRun(dir, "20261123-000001-alpha-0123456", "2026-11-23T00:00:01Z", "alpha", false, 0.8);
        Map<String, List<double[]>> series = Report.forwardSeries(List.of(RunData.read(a), RunData.read(b)));
        assertEquals(2, series.size(), series.keySet().toString());
        series.values().forEach(pts -> assertEquals(4, pts.size(), "one point per batch size, not two"));
        assertTrue(series.keySet().stream().anyMatch(k -> k.contains("20261123-000001-alpha-0123456")), series.keySet().toString());
        // the same run given twice still gives two series
        assertEquals(2, Report.forwardSeries(List.of(RunData.read(a), RunData.read(a))).size());
    }

    @Test
    void markdownEscapesCsvFieldsLikeHtml() throws IOException {
        Path r = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path acc = r.resolve("accuracy.csv");
        CsvTable t = CsvTable.read(acc);
        for (Map<String, String> row : t.rows()) {
            if (row.get("detector").equals("knn")) row.put("detector", "<script>alert(1)</script>");
            if (row.get("status").equals("skipped")) row.put("note", "<img src=x onerror=alert(2)> [x](javascript:alert(3)) | *");
        }
        t.write(acc);
        Report.write(List.of(RunData.read(r)), r);
        for (String f : List.of("report.md", "report.html")) {
            String text = Files.readString(r.resolve(f));
            assertFalse(text.contains("<script") || text.contains("<img src=x"), f + " copies markup from the CSV");
            assertTrue(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), f);
        }
        String md = Files.readString(r.resolve("report.md"));
        assertFalse(md.contains("[x](javascript"), "no link injected");
        assertTrue(md.contains("\\[x\\](javascript:alert(3)) \\| \\*"), md);
        assertEquals("`a <b>` &lt;c&gt; \\`&lt;d&gt;", Report.md("`a <b>` <c> `<d>"), "code spans kept, a lone backtick escaped");
    }

    @Test
    void aRunWithoutScoresOrAccuracySaysSo() throws IOException {
        RunInfo i = Fixtures.info("20261123-000000-h-0123456", "2026-11-23T00:00:00Z", "h", "none");
        Path r = dir.resolve("perf-only");
        PerformanceCsv.write(r.resolve("performance.csv"), PerformanceCsv.withOverheads(List.of(
                Fixtures.perf(i, "forward", "m", "", 64, "cpu", 5, 0.1),
                Fixtures.perf(i, "score", "m", "mls", 64, "cpu", 5.2, 0.1))));
        String page = Files.readString(Report.write(List.of(RunData.read(r)), r));
        assertTrue(page.contains("This run has no accuracy results"));
        assertTrue(page.contains("it timed cpu only"), page);
        assertFalse(page.contains("Detector ops alone"), "no head section without head rows");
    }

    @Test
    void headRowsGetTheirOwnOverheadChart() throws IOException {
        RunInfo i = Fixtures.info("20261123-000000-h-0123456", "2026-11-23T00:00:00Z", "h", "none");
        Path r = dir.resolve("head");
        PerformanceCsv.write(r.resolve("performance.csv"), PerformanceCsv.withOverheads(List.of(
                Fixtures.perf(i, "forward", "m", "", 256, "cpu", 100, 1),
                Fixtures.perf(i, "head", "m", "vim", 256, "cpu", 0.2, 0.01),
                Fixtures.perf(i, "head", "m", "knn", 256, "cpu", 40, 2))));
        String page = Files.readString(Report.write(List.of(RunData.read(r)), r));
        assertTrue(page.contains("Detector ops alone (head benchmark)"), page);
        assertFalse(page.contains("Detector overhead over the forward pass"), "no score rows, no score-overhead chart");
        assertTrue(Files.isRegularFile(r.resolve("report-files/20261123-000000-h-0123456-cpu-head-overhead.png")));
    }

    @Test
    void reportingTwiceRemovesChartsThatNoLongerApply() throws IOException {
        Path r = Fixtures.fullRun(dir, "20261123-000000-alpha-0123456", "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Files.createDirectories(r.resolve("report-files"));
        Files.writeString(r.resolve("report-files/stale.png"), "x");
        Report.write(List.of(RunData.read(r)), r);
        assertFalse(Files.exists(r.resolve("report-files/stale.png")));
    }
}
