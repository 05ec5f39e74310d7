package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.report.Document.Cell;
import dev.oodbench.report.Document.Chart;
import dev.oodbench.report.Document.ChartGrid;
import dev.oodbench.report.Document.Point;
import dev.oodbench.report.Document.Section;
import dev.oodbench.report.Document.Series;
import dev.oodbench.report.Document.Table;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.Fixtures;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.PerformanceRow;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reports on synthetic runs written through the real writers, read back as documents and as files. */
class ReportTest {
    @TempDir
    Path dir;

    private static final String ALPHA = "20261123-000000-alpha-0123456";
    private static final String BETA = "20261124-000000-beta-0123456";

    private static boolean isPng(byte[] b) {
        return b.length > 8 && b[0] == (byte) 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
    }

    private static Section section(Document d, String prefix) {
        return d.sections().stream().filter(s -> s.title().startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no section " + prefix + " in " + d.sections().stream().map(Section::title).toList()));
    }

    private static <T> List<T> blocks(Section s, Class<T> type) {
        return s.blocks().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** A paired (interleaved) row: the time, its error, and the overhead with its interval. */
    static PerformanceRow paired(RunInfo i, String bench, String model, String det, int batch, double ms, double err,
                                 double o, double lo, double hi) {
        PerformanceRow r = Fixtures.perf(i, bench, model, det, batch, "cpu", ms, err);
        return new PerformanceRow(r.schemaVersion(), r.run(), r.key(), "interleaved", r.timing(), r.imagesPerS(),
                new PerformanceRow.Overhead(o, lo, hi), r.status(), "", "", Double.NaN);
    }

    @Test
    void singleRunWritesEveryChartInBothFormatsAndSaysWhatIsMissing() throws IOException {
        Path r = Fixtures.fullRun(dir, ALPHA, "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path out = dir.resolve("out");
        Path html = Report.write(List.of(RunData.read(r)), out);
        String page = Files.readString(html);
        for (String s : List.of("Machine", "Every timed row", "Throughput: mnist04-convnet on cpu", "CPU vs GPU speed-up",
                "Detector overhead over the forward pass", "Quality against speed: mnist04-convnet on cpu",
                "Score distributions and ROC curves: mnist04-convnet", "Every metric")) {
            assertTrue(page.contains(s), "report has " + s);
        }
        assertTrue(page.contains("No GPU rows ran in this run (20 GPU combinations skipped: no GPU visible to TensorFlow on "
                + "this machine), so there is no CPU vs GPU speed-up chart."));
        // the fixture's detectors were timed apart from the forward pass: their overheads are not drawn
        assertTrue(page.contains("have no interval and are not drawn"));
        assertTrue(page.contains("(unpaired)"), "the table marks unpaired overheads");
        Document doc = Report.document(List.of(RunData.read(r)));
        int charts = Report.charts(doc).size();
        Matcher m = Pattern.compile("<img[^>]*src=\"([^\"]*)\"").matcher(page);
        int images = 0;
        while (m.find()) {
            assertTrue(m.group(1).startsWith("data:image/png;base64,"), m.group(1));
            assertTrue(isPng(Base64.getDecoder().decode(m.group(1).substring("data:image/png;base64,".length()))));
            images++;
        }
        // throughput, pareto, ROC overview, 4 detectors x (histogram + ROC)
        assertEquals(11, images);
        assertEquals(charts, images);
        assertFalse(page.contains("src=\"http") || page.contains("<script"), "no external resources");
        assertTrue(page.contains("skipped fashion-mnist-test: dataset file missing"));
        String md = Files.readString(out.resolve("report.md"));
        Matcher links = Pattern.compile("!\\[[^]]*]\\((report-files/[^)]+\\.png)\\)").matcher(md);
        int linked = 0;
        while (links.find()) {
            assertTrue(isPng(Files.readAllBytes(out.resolve(links.group(1)))), links.group(1));
            linked++;
        }
        assertEquals(images, linked);
    }

    @Test
    void theSpeedTableCarriesEveryTimedRowWithItsInterval() throws IOException {
        Path r = Fixtures.fullRun(dir, ALPHA, "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        RunData run = RunData.read(r);
        Table t = blocks(section(Report.document(List.of(run)), "Every timed row"), Table.class).get(0);
        List<PerformanceRow> timed = run.performance().stream().filter(PerformanceRow::ok).toList();
        assertEquals(timed.size(), t.rows().size(), "one table row per timed row");
        int ms = t.header().indexOf("ms per batch");
        for (PerformanceRow p : timed) {
            List<Cell> row = t.rows().stream().filter(c -> c.get(0).text().equals(p.benchmark()) && c.get(2).text()
                    .equals(p.detector().isEmpty() ? "-" : p.detector()) && c.get(4).text().equals(p.batchSize().isEmpty()
                    ? "-" : p.batchSize())).findFirst().orElseThrow();
            Cell time = row.get(ms);
            assertEquals(p.score(), time.value(), 1e-9);
            assertEquals(p.score() - p.scoreError(), time.lo(), 1e-9);
            assertEquals(p.score() + p.scoreError(), time.hi(), 1e-9);
        }
    }

    /** A run whose detectors were timed in paired rounds; one overhead interval holds zero. */
    private Path pairedRun(List<String> detectors) throws IOException {
        RunInfo i = Fixtures.info(ALPHA, "2026-11-23T00:00:00Z", "alpha", "none");
        List<PerformanceRow> rows = new ArrayList<>();
        for (String model : List.of("mnist04-convnet", "cifar10-resnet20")) {
            // a JMH forward row far off what the paired rounds imply: it must not be mixed into their charts
            rows.add(Fixtures.perf(i, "forward", model, "", 64, "cpu", 50, 1));
            for (int b : new int[] {8, 64}) {
                for (int k = 0; k < detectors.size(); k++) {
                    double o = k == 0 ? -0.01 : 0.05 * k;
                    double fwd = b * 0.1;
                    rows.add(paired(i, "score", model, detectors.get(k), b, fwd * (1 + o), fwd * 0.02, o, o - 0.03, o + 0.03));
                }
            }
            // batch 256: too few rounds for an interval, the paired ratio still known; a JMH forward row far off
            rows.add(Fixtures.perf(i, "forward", model, "", 256, "cpu", 90, 1));
            for (int k = 0; k < detectors.size(); k++) {
                double o = k == 0 ? -0.01 : 0.05 * k;
                rows.add(paired(i, "score", model, detectors.get(k), 256, 25.6 * (1 + o), Double.NaN, o, Double.NaN, Double.NaN));
            }
        }
        Path r = dir.resolve("paired");
        PerformanceCsv.write(r.resolve("performance.csv"), rows);
        return r;
    }

    @Test
    void overheadsComeFromThePairedRoundsWithTheirIntervalsAndAMarkWhereZeroIsInside() throws IOException {
        Path r = pairedRun(List.of("mls", "energy", "knn"));
        Document doc = Report.document(List.of(RunData.read(r)));
        Section s = section(doc, "Detector overhead over the forward pass");
        Chart c = blocks(s, Chart.class).get(0);
        Series mnist = c.data().series("mnist04-convnet");
        assertNotNull(mnist, c.data().series().toString());
        assertEquals("model:mnist04-convnet", mnist.colourKey());
        Point mls = mnist.points().stream().filter(p -> p.label().equals("mls")).findFirst().orElseThrow();
        assertEquals(-1.0, mls.x(), 1e-9, "percent");
        assertEquals(-4.0, mls.xLo(), 1e-9);
        assertEquals(2.0, mls.xHi(), 1e-9);
        Point knn = mnist.points().stream().filter(p -> p.label().equals("knn")).findFirst().orElseThrow();
        assertEquals(10.0, knn.x(), 1e-9);
        assertTrue(knn.xLo() > 0, "knn's interval is above zero");
        // the table marks the interval that holds zero, and only that one
        Table t = blocks(section(doc, "Every timed row"), Table.class).get(0);
        int o = t.header().indexOf("overhead [interval]");
        for (List<Cell> row : t.rows()) {
            if (!row.get(0).text().equals("score")) continue;
            if (row.get(4).text().equals("256")) {
                assertTrue(row.get(o).text().endsWith("(too few rounds for an interval)"), row.toString());
                continue;
            }
            assertEquals(row.get(2).text().equals("mls"), row.get(o).text().endsWith("≈0"), row.toString());
        }
    }

    @Test
    void theForwardLineComesFromTheSameRoundsAsTheDetectors() throws IOException {
        Path r = pairedRun(List.of("mls", "energy", "knn"));
        Document doc = Report.document(List.of(RunData.read(r)));
        Chart c = blocks(section(doc, "Throughput: mnist04-convnet on cpu"), Chart.class).get(0);
        Series fwd = c.data().series("forward pass (model only)");
        assertEquals(List.of(8.0, 64.0, 256.0), fwd.points().stream().map(Point::x).toList());
        // where the rounds were too few for an interval, the forward pass still comes from them, without a bar
        assertEquals(10_000, fwd.points().get(2).y(), 1e-6);
        assertFalse(fwd.points().get(2).hasYInterval());
        // the rounds imply a forward pass of 0.1 ms per image (64 images in 6.4 ms: 10,000 images/s), not
        // the JMH row's 50 ms per batch (1,280 images/s)
        Point at64 = fwd.points().get(1);
        assertEquals(10_000, at64.y(), 1e-6);
        assertTrue(at64.hasYInterval() && at64.yLo() < at64.y() && at64.yHi() > at64.y(), "with an error bar");
        Point mls = c.data().series("mls").points().get(1);
        assertEquals(64 / (6.4 * 0.99e-3), mls.y(), 1e-6);
        assertEquals(64 / ((6.4 * 0.99 + 6.4 * 0.02) * 1e-3), mls.yLo(), 1e-6);
    }

    @Test
    void manyDetectorsAreDrawnAsSmallMultiplesOfSixFastestFirst() throws IOException {
        List<String> dets = IntStream.range(0, 14).mapToObj(k -> String.format(Locale.ROOT, "det%02d", k)).toList();
        Document doc = Report.document(List.of(RunData.read(pairedRun(dets))));
        ChartGrid g = blocks(section(doc, "Throughput: mnist04-convnet on cpu"), ChartGrid.class).get(0);
        assertEquals(3, g.charts().size());
        List<String> drawn = new ArrayList<>();
        for (Chart c : g.charts()) {
            List<Series> ss = c.data().series();
            assertEquals(Colours.FORWARD, ss.get(0).colourKey(), "every panel has the forward pass for reference");
            assertTrue(ss.size() - 1 <= Report.PANEL, "at most six detectors a panel");
            ss.subList(1, ss.size()).forEach(s -> drawn.add(s.name()));
        }
        assertEquals(new HashSet<>(dets), new HashSet<>(drawn), "every detector once");
        // det00 has the smallest overhead, so it is the fastest: first in the first panel
        assertEquals("det00", drawn.get(0));
    }

    @Test
    void everyDetectorAndModelKeepsOneColourAcrossTheReport() {
        List<String> dets = IntStream.range(0, 34).mapToObj(k -> "d" + k).toList();
        Colours c = new Colours(dets, List.of("mnist04-convnet", "cifar10-resnet20"), List.of("svhn-test"));
        Set<Color> seen = new HashSet<>();
        for (String d : dets) seen.add(c.detector(d));
        assertEquals(34, seen.size(), "34 detectors, 34 colours");
        assertFalse(c.model("mnist04-convnet").equals(c.model("cifar10-resnet20")));
        // the colour follows the name, not the order a chart lists it in
        Colours again = new Colours(reversed(dets), List.of("cifar10-resnet20", "mnist04-convnet"), List.of("svhn-test"));
        for (String d : dets) assertEquals(c.detector(d), again.detector(d));
        assertEquals(c.model("mnist04-convnet"), again.model("mnist04-convnet"));
        assertEquals(Color.BLACK, c.of(Colours.FORWARD));
    }

    private static List<String> reversed(List<String> l) {
        List<String> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    @Test
    void theFrontSeparatesOnlyPointsWhoseIntervalsSeparate() {
        // five detectors inside one another's noise: the point estimates would put two or three on the front
        List<Point> noisy = List.of(new Point("a", 100, 90, 110, 0.95, 0.94, 0.96), new Point("b", 105, 95, 115, 0.951, 0.94, 0.96),
                new Point("c", 98, 88, 108, 0.949, 0.94, 0.96), new Point("d", 102, 92, 112, 0.952, 0.94, 0.96),
                new Point("e", 99, 89, 109, 0.948, 0.94, 0.96));
        for (int by : Report.beatenBy(noisy)) assertEquals(-1, by, "no point beats another beyond the noise");
        // f is slower beyond the noise and not better beyond it: off the front; g is both faster and better
        List<Point> apart = List.of(new Point("f", 50, 45, 55, 0.95, 0.94, 0.96), new Point("g", 100, 95, 105, 0.97, 0.965, 0.975),
                new Point("h", 20, 18, 22, 0.99, 0.985, 0.995));
        int[] by = Report.beatenBy(apart);
        assertEquals(1, by[0]);
        assertEquals(-1, by[1]);
        assertEquals(-1, by[2], "slower but better beyond the noise: on the front");
        // a speed without an interval (too few rounds) is never beaten on speed
        List<Point> unknownSpeed = List.of(new Point("i", 50, Double.NaN, Double.NaN, 0.95, 0.94, 0.96),
                new Point("j", 100, Double.NaN, Double.NaN, 0.95, 0.94, 0.96),
                new Point("k", 400, Double.NaN, Double.NaN, 0.90, 0.89, 0.91));
        int[] u = Report.beatenBy(unknownSpeed);
        assertEquals(-1, u[0], "i is slower by its point only: not beaten");
        assertEquals(-1, u[1]);
        assertTrue(u[2] >= 0, "k is worse beyond the noise in quality and not shown faster: beaten");
    }

    @Test
    void twoMachinesGetOneComparisonWithRatioIntervalsAndTheirDescriptions() throws IOException {
        Path a = Fixtures.fullRun(dir, ALPHA, "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path b = Fixtures.fullRun(dir, BETA, "2026-11-24T00:00:00Z", "beta", true, 0.5);
        RunInfo described = RunInfo.read(b);
        new RunInfo(described.runId(), described.timestampUtc(), described.suiteVersion(), described.gitCommit(),
                described.host(), described.cpu(), described.cores(), described.gpu(), described.javaVersion(),
                described.tfVersion(), new RunInfo.Machine("AVX AVX2 FMA AVX-512F", "503.5 GiB", "Debian GNU/Linux 12",
                "tensorflow-core-native-1.1.0-linux-x86_64-gpu", "550.54.15")).write(b);
        Document doc = Report.document(List.of(RunData.read(a), RunData.read(b)));
        Table machines = blocks(section(doc, "Machines"), Table.class).get(0);
        String text = machines.rows().toString();
        for (String s : List.of("AVX AVX2 FMA AVX-512F", "503.5 GiB", "Debian GNU/Linux 12", "550.54.15", "Test GPU 80GB")) {
            assertTrue(text.contains(s), s + " in " + text);
        }
        Section cmp = section(doc, "Hardware comparison: B against A");
        assertTrue(blocks(cmp, Document.Text.class).get(0).text().startsWith("B = " + BETA + ", A = " + ALPHA));
        Table t = blocks(cmp, Table.class).get(0);
        int ratio = t.header().indexOf("B / A [99% interval]");
        assertEquals(21, t.rows().size(), "forward and 4 detectors at 4 batch sizes on cpu, and the fit");
        for (List<Cell> row : t.rows()) {
            Cell c = row.get(ratio);
            assertTrue(c.lo() < c.value() && c.value() < c.hi(), row.toString());
            if (!row.get(0).text().equals("fit")) {
                assertEquals(0.5, c.value(), 0.1, "beta is twice as fast: " + row);
                assertTrue(c.hi() < 1, "beyond the noise: " + row);
                assertEquals("faster", row.get(t.header().indexOf("B is")).text());
                assertEquals("10 samples / 10 samples", row.get(row.size() - 1).text(), "the noise came from jmh.json's samples");
            }
        }
        Chart chart = blocks(cmp, Chart.class).get(0);
        Series s = chart.data().series().get(0);
        assertEquals("forward pass", s.points().get(0).label(), "the forward pass first");
        assertTrue(s.points().stream().allMatch(p -> p.hasXInterval() && p.xLo() < p.x() && p.x() < p.xHi()));
        // not two single reports stacked: one comparison, and the GPU run's speed-up with intervals
        assertFalse(doc.sections().stream().anyMatch(x -> x.title().startsWith("Every metric")));
        Chart speedup = blocks(section(doc, "CPU vs GPU speed-up — B"), Chart.class).get(0);
        assertTrue(speedup.data().series().stream().flatMap(x -> x.points().stream()).allMatch(Point::hasYInterval));
    }

    @Test
    void markdownEscapesCsvFieldsLikeHtml() throws IOException {
        Path r = Fixtures.fullRun(dir, ALPHA, "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path acc = r.resolve("accuracy.csv");
        CsvTable t = CsvTable.read(acc);
        for (Map<String, String> row : t.rows()) {
            if (row.get("detector").equals("knn")) row.put("detector", "<script>alert(1)</script>");
            if (row.get("detector").equals("vim")) row.put("detector", "vim\n# injected heading");
            if (row.get("status").equals("skipped")) row.put("note", "<img src=x onerror=alert(2)> [x](javascript:alert(3)) | *");
        }
        t.write(acc);
        Path out = dir.resolve("out");
        Report.write(List.of(RunData.read(r)), out);
        for (String f : List.of("report.md", "report.html")) {
            String text = Files.readString(out.resolve(f));
            assertFalse(text.contains("<script") || text.contains("<img src=x"), f + " copies markup from the CSV");
            assertTrue(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), f);
        }
        String md = Files.readString(out.resolve("report.md"));
        assertFalse(md.contains("[x](javascript"), "no link injected");
        assertTrue(md.contains("\\[x\\](javascript:alert(3)) \\| \\*"), md);
        assertFalse(md.lines().anyMatch(l -> l.startsWith("# injected")), "a line break in a field starts no heading");
        assertTrue(md.contains("vim \\# injected heading"));
        assertEquals("`a <b>` &lt;c&gt; \\`&lt;d&gt;", Report.md("`a <b>` <c> `<d>"), "code spans kept, a lone backtick escaped");
    }

    @Test
    void aRunWithoutScoresOrAccuracySaysSo() throws IOException {
        RunInfo i = Fixtures.info("20261123-000000-h-0123456", "2026-11-23T00:00:00Z", "h", "none");
        Path r = dir.resolve("perf-only");
        PerformanceCsv.write(r.resolve("performance.csv"), PerformanceCsv.withOverheads(List.of(
                Fixtures.perf(i, "forward", "m", "", 64, "cpu", 5, 0.1),
                Fixtures.perf(i, "score", "m", "mls", 64, "cpu", 5.2, 0.1))));
        String page = Files.readString(Report.write(List.of(RunData.read(r)), dir.resolve("out")));
        assertTrue(page.contains("This run has no accuracy results"));
        assertTrue(page.contains("it timed cpu only"), page);
        assertFalse(page.contains("Detector ops alone"), "no head section without head rows");
    }

    @Test
    void headRowsGetTheirOwnOverheadChart() throws IOException {
        RunInfo i = Fixtures.info("20261123-000000-h-0123456", "2026-11-23T00:00:00Z", "h", "none");
        Path r = dir.resolve("head");
        PerformanceCsv.write(r.resolve("performance.csv"), List.of(
                Fixtures.perf(i, "forward", "m", "", 256, "cpu", 100, 1),
                paired(i, "head", "m", "vim", 256, 0.2, 0.01, 0.002, 0.0015, 0.0025),
                paired(i, "head", "m", "knn", 256, 40, 2, 0.4, 0.38, 0.42)));
        Document doc = Report.document(List.of(RunData.read(r)));
        Chart c = blocks(section(doc, "Detector ops alone (head benchmark)"), Chart.class).get(0);
        assertEquals(List.of("vim", "knn"), c.data().series().get(0).points().stream().map(Point::label).toList(),
                "smallest first");
        assertFalse(doc.sections().stream().anyMatch(s -> s.title().startsWith("Detector overhead over")),
                "no score rows, no score-overhead chart");
    }

    @Test
    void reportingTwiceIntoItsFolderRemovesChartsThatNoLongerApply() throws IOException {
        Path r = Fixtures.fullRun(dir, ALPHA, "2026-11-23T00:00:00Z", "alpha", false, 1.0);
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("report-files"));
        Files.writeString(out.resolve("report-files/stale.png"), "x");
        Report.write(List.of(RunData.read(r)), out);
        assertFalse(Files.exists(out.resolve("report-files/stale.png")));
    }
}
