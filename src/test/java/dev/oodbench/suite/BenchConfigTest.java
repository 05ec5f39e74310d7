package dev.oodbench.suite;

import dev.oodbench.results.Benchmark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.oodbench.detect.DetectorCatalog;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BenchConfigTest {
    private static BenchConfig of(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) p.setProperty(kv[i], kv[i + 1]);
        return BenchConfig.from(p);
    }

    @Test
    void defaultSweepIsEveryDetectorAtFiveBatchSizesEveryBenchmark() {
        BenchConfig c = of();
        assertEquals(DetectorCatalog.names(), c.detectors());
        assertEquals(List.of(1, 8, 32, 128, 256), c.batches());
        assertEquals(List.of(Benchmark.FORWARD, Benchmark.SCORE, Benchmark.HEAD, Benchmark.FIT, Benchmark.PIPELINE), c.benchmarks());
    }

    @Test
    void quickRunTakesOneBatchSizeAndOneDetectorOfEachKindUnlessToldOtherwise() {
        BenchConfig c = of("bench.quick", "");
        assertEquals(List.of(256), c.batches());
        assertEquals(List.of("mls", "energy", "vim", "mahalanobis", "knn"), c.detectors());
        assertTrue(c.iterationSeconds() < of().iterationSeconds());
        assertEquals(List.of("mls", "vim"), of("bench.quick", "", "bench.detectors", "mls,vim").detectors());
        // the pom passes -Dbench.detectors= (empty) when none was chosen: that is the default too
        assertEquals(List.of("mls", "energy", "vim", "mahalanobis", "knn"),
                of("bench.quick", "", "bench.detectors", "").detectors());
        assertEquals(DetectorCatalog.names(), of("bench.detectors", "").detectors());
        assertEquals(DetectorCatalog.names(), of("bench.quick", "", "bench.detectors", "all").detectors());
    }

    @Test
    void headIsOptInAndUnknownNamesFailWithTheKnownOnes() {
        assertEquals(List.of(Benchmark.FORWARD, Benchmark.HEAD), of("bench.benchmarks", "forward,head").benchmarks());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of("bench.benchmarks", "speed"));
        assertTrue(e.getMessage().contains("unknown benchmark 'speed'") && e.getMessage().contains("head"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> of("bench.detectors", "nope"));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void defaultsMeasureWithTwoForksAndRefuseRunsThatMeasureNothing() {
        BenchConfig c = of();
        assertEquals(2, c.forks());
        assertTrue(c.pairing(), "score and head are timed interleaved with the forward pass by default");
        for (String[] bad : new String[][] {{"bench.forks", "0"}, {"bench.iterations", "0"}, {"bench.pairedTime", "0"},
                {"bench.formats", "csv"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of(bad));
            assertTrue(e.getMessage().contains(bad[0].substring(6)) || e.getMessage().contains(bad[1]), e.getMessage());
        }
        assertEquals(List.of("bencher"), of("bench.formats", "bencher").formats());
        assertEquals(42L, of("bench.seed", "42").seed());
    }

    @Test
    void threadsForksIterationsBatchesAndTimesAreBoundedUpFront() {
        int cores = Runtime.getRuntime().availableProcessors();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of("bench.threads", "100000"));
        assertEquals("bench.threads (--threads): '100000' is outside 0.." + 4 * cores + " (4 per core of this machine's "
                + cores + "; 0 is TensorFlow's default); give one in that range", e.getMessage());
        assertEquals(List.of(0, 4 * cores), of("bench.threads", "0," + 4 * cores).threads());
        e = assertThrows(IllegalArgumentException.class, () -> of("bench.batches", "1,100000"));
        assertTrue(e.getMessage().startsWith("bench.batches (--batches): '100000' is outside 1..4096"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> of("bench.forks", "100000"));
        assertEquals("bench.forks (--forks): '100000' is outside 1..50; give one in that range", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> of("bench.iterations", "2000000"));
        assertTrue(e.getMessage().startsWith("bench.iterations (--iterations): '2000000' is outside 1..1000"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> of("bench.time", "1e9"));
        assertTrue(e.getMessage().startsWith("bench.time (--time): '1e9' is not a number of seconds"), e.getMessage());
    }

    @Test
    void aValueNamedTwiceIsRefusedAndCamelCaseKeysNameTheirDashedOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> of("bench.batches", "8,8"));
        assertEquals("bench.batches (--batches) names 8 twice; list each once", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> of("bench.models", "mnist04-convnet,mnist04-convnet"));
        assertEquals("bench.models (--models) names mnist04-convnet twice; list each once", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> of("bench.pairedTime", "0"));
        assertTrue(e.getMessage().startsWith("bench.pairedTime (--paired-time): '0'"), e.getMessage());
        assertEquals(BenchConfig.DEFAULT_SECONDS, of().iterationSeconds());
    }

    @Test
    void everyKeyTheConfigReadsIsPassedOnByThePomsBenchProfile() throws Exception {
        String pom = java.nio.file.Files.readString(java.nio.file.Path.of("pom.xml"));
        String profile = pom.substring(pom.indexOf("<id>bench</id>"));
        for (String key : BenchConfig.KEYS) {
            assertTrue(profile.contains("<argument>-D" + key + "=${" + key + "}</argument>"), key + " is passed to the run");
            assertTrue(profile.contains("<" + key + ">") || profile.contains("<" + key + "/>"), key + " has a default");
        }
        // as the pom passes them when none is given: empty values mean the defaults
        Properties p = new Properties();
        for (String key : BenchConfig.KEYS) p.setProperty(key, "");
        p.setProperty("bench.results", "results");
        p.setProperty("bench.pairing", "true");
        p.setProperty("bench.quick", "false");
        BenchConfig c = BenchConfig.from(p);
        assertEquals(of().batches(), c.batches());
        assertTrue(c.pairing());
        // and each documented value arrives
        BenchConfig given = of("bench.formats", "github-action-benchmark,bencher", "bench.seed", "5", "bench.pairedTime", "3",
                "bench.pairing", "false", "bench.warmup", "2", "bench.warmupTime", "0.7");
        assertEquals(List.of("github-action-benchmark", "bencher"), given.formats());
        assertEquals(5L, given.seed());
        assertEquals(3.0, given.pairedSeconds());
        assertFalse(given.pairing());
        assertEquals(2, given.warmupIterations());
        assertEquals(0.7, given.warmupSeconds());
    }

    @Test
    void theClosingLinesNameTheDashboardFilesToo() {
        assertEquals("wrote r/{performance.csv,accuracy.csv,jmh.json,run.properties,report.html,report.md,"
                + "bench.github-action-benchmark.smaller.json,bench.github-action-benchmark.bigger.json,bench.bencher.json}", BenchMain.wrote(java.nio.file.Path.of("r"),
                BenchMain.outputs(of("bench.formats", "github-action-benchmark,bencher"))));
        assertEquals("wrote r/{performance.csv,jmh.json,run.properties,report.html,report.md}",
                BenchMain.wrote(java.nio.file.Path.of("r"), BenchMain.outputs(of("bench.accuracy", "false"))));
        assertEquals(List.of("ab.csv", "ab.md", "ab.bencher.json"), AbComparison.outputs(List.of("bencher")));
    }

    @Test
    void thePairedPhaseSaysHowMuchTimingIsLeft() {
        BenchConfig c = of("bench.forks", "2", "bench.pairedTime", "12");
        assertEquals("6.0 min", PairedOverheads.minutes(PairedOverheads.secondsLeft(c, 1, 15)));
        assertEquals("3.0 min", PairedOverheads.minutes(PairedOverheads.secondsLeft(c, 2, 15)));
        assertEquals("36 s", PairedOverheads.minutes(PairedOverheads.secondsLeft(c, 2, 3)));
    }
}
