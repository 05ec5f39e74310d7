package dev.oodbench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.eval.SampleScores;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.Fixtures;
import dev.oodbench.results.RunData;
import dev.oodbench.results.RunInfo;
import dev.oodbench.results.ScoreStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare pairs quality rows through the real files: two run folders written by {@link AccuracyCsv}
 * and {@link ScoreStore}, read back by {@link RunData}, judged by {@link Compare}. Simulated detectors
 * score the same 2000 ID and 2x1500 OOD images in both runs: "mls" identically up to float noise (same
 * code), "react" with a weaker OOD response in the candidate (its clip changed), "knn" with two
 * parameter sets in each run.
 */
class PairedQualityTest {
    static final String MODEL = "mnist04-convnet";
    static final String ID = "mnist04-test";
    static final List<String> OOD = List.of("notmnist-test", "fashion-mnist-test");

    @TempDir
    Path dir;

    /** Latent per-image values shared by both runs: the same images. */
    final double[] idZ = latent(2000, 1, 0);
    final List<double[]> oodZ = List.of(latent(1500, 2, 2.0), latent(1500, 3, 2.5));

    static double[] latent(int n, long seed, double shift) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = shift + Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        return x;
    }

    /** A detector: per image its latent value, the OOD ones scaled by {@code oodGain}, plus noise of size {@code noise}. */
    record Det(String name, String params, double oodGain, double noise, long seed) {}

    Path run(String id, List<Det> dets, String notmnistPrint) throws IOException {
        Path run = dir.resolve(id);
        RunInfo info = Fixtures.info(id, "2026-12-05T00:00:00Z", "h", "");
        List<AccuracyRow> rows = new ArrayList<>();
        for (Det d : dets) {
            SplittableRandom r = new SplittableRandom(d.seed());
            double[] ids = noisy(idZ, 1, d.noise(), r);
            ScoreStore.write(run, new SampleScores(MODEL, d.name(), d.params(), ID, "id-print", "all", ids));
            List<OodMetrics> members = new ArrayList<>();
            List<String> prints = new ArrayList<>();
            for (int s = 0; s < OOD.size(); s++) {
                double[] oods = noisy(oodZ.get(s), d.oodGain(), d.noise(), r);
                String print = s == 0 ? notmnistPrint : "fashion-print";
                ScoreStore.write(run, new SampleScores(MODEL, d.name(), d.params(), OOD.get(s), print, "all", oods));
                OodMetrics m = OodMetrics.compute(ids, oods);
                members.add(m);
                prints.add(print);
                rows.add(row(info, d, OOD.get(s), m, Bootstrap.intervals(ids, oods, 200, 0), print));
            }
            rows.add(row(info, d, "far-average", OodMetrics.mean(members), Bootstrap.Intervals.none(), String.join("+", prints)));
        }
        AccuracyCsv.write(run.resolve("accuracy.csv"), rows);
        return run;
    }

    static AccuracyRow row(RunInfo info, Det d, String ood, OodMetrics m, Bootstrap.Intervals ci, String print) {
        return new AccuracyRow(info, "cpu", new EvalRow(MODEL, 0.99, d.name(), d.params(), ID, ood, "far", m, ci, EvalRow.OK,
                "", 0, 0, "id-print", print));
    }

    static double[] noisy(double[] z, double oodGain, double noise, SplittableRandom r) {
        double[] x = new double[z.length];
        for (int i = 0; i < z.length; i++) x[i] = (float) (z[i] * oodGain + noise * (r.nextDouble() - 0.5));
        return x;
    }

    static final Det MLS = new Det("mls", "", 1, 1e-3, 1);
    static final Det REACT90 = new Det("react", "percentile=90.0;score=energy", 1, 0.05, 2);
    static final Det REACT85 = new Det("react", "percentile=85.0;score=energy", 0.93, 0.05, 3);
    static final Det KNN50 = new Det("knn", "k=50;bank_fraction=1.0", 1, 0.02, 4);
    static final Det KNN100 = new Det("knn", "k=100;bank_fraction=1.0", 0.6, 0.02, 5);

    static List<Compare.Row> rows(Compare.Result r, String detector, String params, String ood) {
        return r.rows().stream().filter(x -> x.kind().equals("quality") && x.key().get("detector").equals(detector)
                && x.key().get("detector_params").equals(params) && x.key().get("ood_dataset").equals(ood)).toList();
    }

    static Compare.Row metric(List<Compare.Row> rows, String metric) {
        return rows.stream().filter(x -> x.metric().equals(metric)).findFirst().orElseThrow(() -> new AssertionError(metric + " in " + rows));
    }

    @Test
    void sameImagesArePairedAndASmallDropIsARegressionWithANarrowInterval() throws IOException {
        RunData a = RunData.read(run("a", List.of(MLS, REACT90, KNN50, KNN100), "nm-print"));
        RunData b = RunData.read(run("b", List.of(new Det("mls", "", 1, 1e-3, 11), REACT85, KNN50, KNN100), "nm-print"));
        Compare.Result r = new Compare(0.05, 0.005).compare(a, b);

        Compare.Row react = metric(rows(r, "react", REACT85.params(), "notmnist-test"), "auroc");
        assertEquals(PairedQuality.DELONG, react.method());
        assertEquals(Compare.REGRESSION, react.verdict(), react.detail());
        assertTrue(react.change() < -0.005 && react.hi() - react.lo() < 0.01, react.detail());
        assertTrue(react.detail().contains("parameters differ: percentile=90.0;score=energy -> percentile=85.0;score=energy"),
                react.detail());
        assertEquals(PairedQuality.PAIRED_BOOTSTRAP, metric(rows(r, "react", REACT85.params(), "notmnist-test"), "fpr95").method());
        // the unpaired rule on the same rows is far wider
        double pairedWidth = react.hi() - react.lo();
        AccuracyRow ra = a.accuracy().stream().filter(x -> x.detector().equals("react") && x.oodDataset().equals("notmnist-test")).findFirst().get();
        AccuracyRow rb = b.accuracy().stream().filter(x -> x.detector().equals("react") && x.oodDataset().equals("notmnist-test")).findFirst().get();
        double unpairedWidth = Math.hypot(rb.aurocHi() - rb.auroc(), ra.auroc() - ra.aurocLo())
                + Math.hypot(rb.auroc() - rb.aurocLo(), ra.aurocHi() - ra.auroc());
        assertTrue(pairedWidth * 3 < unpairedWidth, pairedWidth + " vs " + unpairedWidth);

        // the group average is paired over its member sets
        Compare.Row avg = metric(rows(r, "react", REACT85.params(), "far-average"), "auroc");
        assertEquals(PairedQuality.DELONG, avg.method());
        assertTrue(avg.detail().contains("over 2 sets"), avg.detail());

        // same code: every metric of mls paired and no change
        for (String ood : List.of("notmnist-test", "fashion-mnist-test", "far-average")) {
            List<Compare.Row> mls = rows(r, "mls", "", ood);
            assertEquals(PairedQuality.METRICS.size(), mls.size());
            for (Compare.Row x : mls) assertEquals(Compare.NO_CHANGE, x.verdict(), x.detail());
        }
        // two parameter sets of knn on each side: each joined with its own
        Compare.Row k100 = metric(rows(r, "knn", KNN100.params(), "notmnist-test"), "auroc");
        assertEquals(Compare.NO_CHANGE, k100.verdict(), k100.detail());
        assertTrue(!k100.detail().contains("parameters differ"), k100.detail());

        // the method travels to the comparison CSV
        Path csv = dir.resolve("compare.csv");
        Compare.table(r).write(csv);
        List<Map<String, String>> t = CsvTable.read(csv).rows();
        assertTrue(t.stream().anyMatch(m -> m.get("method").equals(PairedQuality.DELONG) && m.get("verdict").equals(Compare.REGRESSION)
                && m.get("detector_params").equals(REACT85.params())));
    }

    @Test
    void rowsOnDifferentDataAreRefusedInOneLine() throws IOException {
        RunData a = RunData.read(run("a", List.of(MLS), "nm-print"));
        RunData b = RunData.read(run("b", List.of(MLS), "nm-print-changed"));
        Compare.Result r = new Compare(0.05, 0.005).compare(a, b);
        List<Compare.Row> nm = rows(r, "mls", "", "notmnist-test");
        assertEquals(1, nm.size());
        assertEquals(PairedQuality.DATA_DIFFERS, nm.get(0).verdict());
        assertEquals(1, nm.get(0).detail().lines().count());
        assertTrue(nm.get(0).detail().contains("OOD set notmnist-test differs (fingerprint nm-print vs nm-print-changed)"),
                nm.get(0).detail());
        assertTrue(Compare.console(r, false).lines().anyMatch(l -> l.startsWith(PairedQuality.DATA_DIFFERS + " ("))
                && Compare.console(r, false).lines().anyMatch(l -> l.contains("notmnist-test differs")), Compare.console(r, false));
        assertTrue(r.summary().contains("2 not comparable"), r.summary());
        // the far average holds notmnist: refused too; the unchanged set is paired
        assertEquals(PairedQuality.DATA_DIFFERS, rows(r, "mls", "", "far-average").get(0).verdict());
        assertEquals(PairedQuality.DELONG, metric(rows(r, "mls", "", "fashion-mnist-test"), "auroc").method());
    }

    @Test
    void withoutScoresOnASideTheUnpairedRuleIsALabelledFallback() throws IOException {
        Path pa = run("a", List.of(MLS), "nm-print");
        Path pb = run("b", List.of(MLS), "nm-print");
        try (var s = Files.walk(pb.resolve("scores"))) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Compare.Result r = new Compare(0.05, 0.005).compare(RunData.read(pa), RunData.read(pb));
        Compare.Row auroc = metric(rows(r, "mls", "", "notmnist-test"), "auroc");
        assertEquals(PairedQuality.UNPAIRED, auroc.method());
        assertTrue(auroc.detail().contains("no saved scores on the candidate side"), auroc.detail());
        assertTrue(Compare.console(r, true).contains("unpaired"), "the console names the method");
    }

    @Test
    void theVerdictRuleIsSpeeds() {
        // AUROC, threshold 0.005: beyond, inside, straddling
        assertEquals(Compare.REGRESSION, PairedQuality.verdict(-0.010, -0.006, 0.005, false));
        assertEquals(Compare.IMPROVEMENT, PairedQuality.verdict(0.006, 0.010, 0.005, false));
        assertEquals(Compare.NO_CHANGE, PairedQuality.verdict(-0.004, 0.005, 0.005, false));
        assertEquals(Compare.INCONCLUSIVE, PairedQuality.verdict(-0.008, -0.003, 0.005, false));
        // FPR95, lower is better
        assertEquals(Compare.REGRESSION, PairedQuality.verdict(0.021, 0.05, 0.02, true));
        assertEquals(Compare.IMPROVEMENT, PairedQuality.verdict(-0.05, -0.021, 0.02, true));
        assertEquals(Compare.NO_CHANGE, PairedQuality.verdict(-0.01, 0.01, 0.02, true));
        assertEquals(Compare.INCONCLUSIVE, PairedQuality.verdict(0.01, 0.03, 0.02, true));
    }

    @Test
    void aHigherFamilyConfidenceGivesWiderIntervals() throws IOException {
        RunData a = RunData.read(run("a", List.of(REACT90), "nm-print"));
        RunData b = RunData.read(run("b", List.of(REACT85), "nm-print"));
        Compare.Row at99 = metric(rows(new Compare(0.05, 0.005).compare(a, b), "react", REACT85.params(), "notmnist-test"), "auroc");
        Compare.Row at999 = metric(rows(new Compare(0.05, 0.005).withFamilyConfidence(0.999).compare(a, b), "react",
                REACT85.params(), "notmnist-test"), "auroc");
        assertTrue(at999.hi() - at999.lo() > at99.hi() - at99.lo());
        assertTrue(at999.confidence() > at99.confidence(), at999.confidence() + " vs " + at99.confidence());
        assertTrue(at999.detail().contains(Compare.percent(at999.confidence()) + "% interval"), at999.detail());
    }
}
