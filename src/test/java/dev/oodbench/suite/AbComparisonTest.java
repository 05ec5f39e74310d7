package dev.oodbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.report.Compare;
import dev.oodbench.report.PairedRatio;
import dev.oodbench.report.SpeedVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A row that could not be timed is "failed", not a regression: it may have failed on both sides alike. */
class AbComparisonTest {
    @Test
    void aRowThatFailedIsReportedAsFailedAndTheRestKeepTheirVerdicts() {
        WorkloadSpec ok = WorkloadSpec.parse("benchmark=forward;model=mnist04-convnet;batch=8");
        WorkloadSpec broken = WorkloadSpec.parse("benchmark=forward;model=cifar10-resnet20;batch=8");
        double[] ratios = {1.001, 0.999, 1.002, 0.998, 1.000, 1.001, 0.999, 1.000};
        PairedRatio p = PairedRatio.of(ratios, 0.99);
        AbRun.Config cfg = new AbRun.Config(List.of(ok, broken), 10, 2, 0.05, 0.99, 1, 0.2, 0);
        Compare.Result r = AbComparison.result("A", "B", List.of(
                new AbRun.RowResult(ok, 0.010, 0.010, p, SpeedVerdict.of(p, 0.05), 2, null),
                new AbRun.RowResult(broken, Double.NaN, Double.NaN, null, null, 0,
                        "dataset file cifar-10-batches-bin/test_batch.bin is missing")), cfg);
        assertEquals(0, r.regressions());
        assertEquals(1, r.count(Compare.FAILED));
        assertEquals(1, r.count(Compare.NO_CHANGE));
        assertTrue(r.summary().contains(", 1 failed;"), r.summary());
        String md = Compare.markdown(r, "ab");
        assertTrue(md.startsWith("## oodbench ab: :x: 1 row failed to run"), md);
        assertTrue(md.contains("2 rows compared: **0 regressions**, 0 improvements, 0 inconclusive, 1 no change, 1 failed; "
                + "0 missing on one side, 0 not run."), md);
        assertTrue(md.contains("test_batch.bin is missing"), md);
    }
}
