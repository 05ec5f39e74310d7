package dev.oodbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Report and history on synthetic runs written through the real writers. */
class ReportHistoryTest {
    @TempDir
    Path dir;

    private Path run(String id, String host, boolean gpu) throws IOException {
        Path r = dir.resolve("runs").resolve(id);
        RunInfo info = new RunInfo(id, "2026-11-23T00:00:00Z", "0.1.0", "abcdef0123", host, "Test CPU", 2,
                gpu ? "Test GPU" : "none", "17", "2.18.0");
        info.write(r);
        List<Map<String, String>> perf = new ArrayList<>();
        for (String device : gpu ? List.of("cpu", "gpu") : List.of("cpu")) {
            for (int b : new int[] {1, 32, 256}) {
                double fwd = (device.equals("gpu") ? 0.2 : 1.0) * (0.5 + b * 0.05);
                perf.add(row("forward", "", b, device, fwd, host));
                perf.add(row("score", "mls", b, device, fwd * 1.01, host));
                perf.add(row("score", "knn", b, device, fwd * 1.8, host));
            }
        }
        perf.forEach(m -> {
            if (m.get("benchmark").equals("score")) {
                double f = perf.stream().filter(x -> x.get("benchmark").equals("forward") && x.get("batch_size").equals(m.get("batch_size"))
                        && x.get("device").equals(m.get("device"))).mapToDouble(x -> Double.parseDouble(x.get("score"))).findFirst().orElseThrow();
                m.put("overhead_vs_forward", Double.toString(Double.parseDouble(m.get("score")) / f - 1));
            }
        });
        new CsvTable(PerformanceCsv.COLUMNS, perf).write(r.resolve("performance.csv"));
        List<Map<String, String>> acc = new ArrayList<>();
        for (String d : List.of("mls", "knn")) {
            for (String ood : List.of("mnist59-test", "far-average")) {
                Map<String, String> m = new LinkedHashMap<>();
                m.put("model", "mnist04-convnet");
                m.put("detector", d);
                m.put("id_dataset", "mnist04-test");
                m.put("ood_dataset", ood);
                m.put("auroc", d.equals("knn") ? "0.97" : "0.93");
                m.put("auroc_lo", "0.92");
                m.put("auroc_hi", "0.98");
                m.put("fpr95", "0.3");
                m.put("fpr95_lo", "0.2");
                m.put("fpr95_hi", "0.4");
                m.put("status", "ok");
                acc.add(m);
            }
        }
        new CsvTable(AccuracyCsv.COLUMNS, acc).write(r.resolve("accuracy.csv"));
        Path scores = r.resolve("scores/mnist04-convnet");
        for (String d : List.of("mls", "knn")) {
            Files.createDirectories(scores.resolve(d));
            StringBuilder idScores = new StringBuilder();
            StringBuilder ood = new StringBuilder();
            for (int i = 0; i < 200; i++) {
                idScores.append(Math.sin(i) * 1.0).append('\n');
                ood.append(Math.sin(i) + 1.5).append('\n');
            }
            Files.writeString(scores.resolve(d).resolve("mnist04-test.txt"), idScores);
            Files.writeString(scores.resolve(d).resolve("mnist59-test.txt"), ood);
        }
        return r;
    }

    private static Map<String, String> row(String bench, String det, int b, String device, double ms, String host) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("benchmark", bench);
        m.put("model", "mnist04-convnet");
        m.put("detector", det);
        m.put("batch_size", Integer.toString(b));
        m.put("device", device);
        m.put("threads", "0");
        m.put("score", Double.toString(ms));
        m.put("score_error", "0.01");
        m.put("unit", "ms/op");
        m.put("images_per_s", Double.toString(b * 1000 / ms));
        m.put("status", "ok");
        m.put("host", host);
        m.put("cpu", "Test CPU");
        m.put("gpu", "none");
        return m;
    }

    @Test
    void cpuOnlyRunGetsEveryChartButTheSpeedup() throws IOException {
        Path r = run("20261123-000000-a-abc", "alpha", false);
        Path html = Report.write(List.of(RunData.read(r)), r);
        String page = Files.readString(html);
        for (String s : List.of("Throughput: mnist04-convnet on cpu", "Detector overhead vs forward", "Quality against speed",
                "ROC curves", "Score histograms", "Every metric", "No GPU rows ran in this run")) {
            assertTrue(page.contains(s), "report has " + s);
        }
        assertTrue(page.contains("data:image/png;base64,"), "charts embedded");
        String md = Files.readString(r.resolve("report.md"));
        assertTrue(md.contains("](report-files/"), "markdown links its PNGs");
        try (var files = Files.list(r.resolve("report-files"))) {
            assertTrue(files.count() >= 5);
        }
    }

    @Test
    void twoMachinesSideBySideAndGpuSpeedup() throws IOException {
        Path a = run("20261123-000000-a-abc", "alpha", false);
        Path b = run("20261124-000000-b-abc", "beta", true);
        Path out = dir.resolve("cmp");
        String page = Files.readString(Report.write(List.of(RunData.read(a), RunData.read(b)), out));
        assertTrue(page.contains("Hardware comparison"));
        assertTrue(page.contains("alpha") && page.contains("beta"));
        assertTrue(page.contains("CPU vs GPU speed-up (20261124-000000-b-abc)</h2><p>Time per batch on CPU"), "speed-up chart for the GPU run");
    }

    @Test
    void historyListsRunsInTimeOrder() throws IOException {
        run("20261124-000000-b-abc", "beta", false);
        run("20261123-000000-a-abc", "alpha", false);
        List<RunData> runs = History.runs(dir);
        assertEquals(List.of("20261123-000000-a-abc", "20261124-000000-b-abc"), runs.stream().map(RunData::label).toList());
        String table = History.render(runs);
        assertTrue(table.contains("mnist04-convnet 0.9500"), table);
    }
}
