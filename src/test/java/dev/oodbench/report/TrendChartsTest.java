package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrendChartsTest {
    @TempDir
    Path dir;

    @Test
    void theForwardTrendHoldsEachRunsImagesPerSecondAndMarksTheChange() throws IOException {
        // the forward pass alone slows x1.4 from the fifth run on
        List<RunData> runs = HistoryChangesTest.history(dir, "alpha", 7, r -> 1, r -> 0, 7);
        for (int r = 4; r < 7; r++) {
            Path f = runs.get(r).source().resolve(PerformanceCsv.FILE_NAME);
            PerformanceCsv.write(f, PerformanceCsv.read(f).stream().map(p -> p.benchmark().equals("forward") ? slower(p, 1.4) : p)
                    .toList());
        }
        runs = History.runs(dir);
        List<TrendCharts.Trend> trends = TrendCharts.of(runs);
        TrendCharts.Trend fwd = trends.stream().filter(t -> t.yLabel().equals("images/s")).findFirst().orElseThrow();
        assertEquals(7, fwd.runs().size());
        assertEquals("11-01 0000000", fwd.runs().get(0));
        assertEquals(1, fwd.lines().size());
        TrendCharts.Line line = fwd.lines().get(0);
        assertEquals("forward b=256 t=0", line.name());
        for (int r = 0; r < 7; r++) {
            PerformanceRow row = runs.get(r).performance().stream().filter(p -> p.benchmark().equals("forward") && p.batch() == 256)
                    .findFirst().orElseThrow();
            TrendCharts.Point p = line.points().get(r);
            assertEquals(r, p.x());
            assertEquals(256 / row.secondsPerOp(), p.y(), 1e-9);
            assertTrue(p.lo() < p.y() && p.y() < p.hi());
        }
        assertEquals(1, fwd.marks().size(), fwd.marks().toString());
        assertEquals(3, fwd.marks().get(0).from());
        assertEquals(4, fwd.marks().get(0).to());
        assertEquals(HistoryChanges.Kind.REGRESSION, fwd.marks().get(0).kind());
        assertTrue(fwd.marks().get(0).label().startsWith("x0.7"), fwd.marks().get(0).label());

        TrendCharts.Trend auroc = trends.stream().filter(t -> t.yLabel().equals("AUROC")).findFirst().orElseThrow();
        assertTrue(auroc.title().contains("react"), auroc.title()); // the fixture's best detector
        assertEquals(2, auroc.lines().size());
        assertTrue(auroc.marks().isEmpty());

        XYPlot plot = TrendCharts.chart(fwd).getXYPlot();
        assertEquals(1, plot.getDomainMarkers(org.jfree.chart.ui.Layer.BACKGROUND).size());
        assertEquals(7, plot.getDataset().getItemCount(0));
        assertTrue(Charts.png(TrendCharts.chart(fwd)).length > 1000);
    }

    @Test
    void aReportOverSeveralRunsHasTheTrends() throws IOException {
        List<RunData> runs = HistoryChangesTest.history(dir, "alpha", 3, r -> 1, r -> 0, 8);
        Path out = Files.createDirectories(dir.resolve("out"));
        Report.write(runs, out);
        String md = Files.readString(out.resolve(Report.MARKDOWN_FILE));
        String kind = History.kind(runs.get(0));
        assertTrue(md.contains("### Trend: mnist04-convnet: forward images/s over the runs of alpha / Test CPU 3000 x4 / "
                + "TF 2.18.0 oneDNN on / " + kind + " runs"), md.substring(0, 500));
        assertTrue(md.contains("### Trend: mnist04-convnet: AUROC of react over the runs (run kind " + kind + ")"), md);
        List<RunData> two = runs.subList(0, 2);
        Report.write(two, out);
        assertTrue(!Files.readString(out.resolve(Report.MARKDOWN_FILE)).contains("Trend:"), "two runs draw no trend");
    }

    static PerformanceRow slower(PerformanceRow p, double f) {
        return dev.oodbench.results.Fixtures.perf(p.run(), p.benchmark(), p.model(), p.detector(), p.batch(), p.device(),
                p.score() * f, 0.01);
    }
}
