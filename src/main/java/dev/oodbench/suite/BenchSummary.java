package dev.oodbench.suite;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.results.PerformanceRow;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** The console summary of a run: forward throughput per model and batch size, worst detector overhead, best AUROC. */
final class BenchSummary {
    private BenchSummary() {}

    static String render(List<PerformanceRow> perf, List<EvalRow> accuracy) {
        StringBuilder sb = new StringBuilder();
        sb.append("forward pass (images/s):\n");
        for (PerformanceRow r : perf) {
            if (r.benchmark().equals("forward") && r.ok()) {
                sb.append(String.format(Locale.ROOT, "  %-18s %-4s batch %4s  %10.0f img/s  (%.3f +- %.3f %s)%n",
                        r.model(), r.device(), r.batchSize(), r.imagesPerS(), r.score(), r.scoreError(), r.unit()));
            }
        }
        for (String bench : List.of("score", "head")) {
            perf.stream().filter(r -> r.benchmark().equals(bench) && !Double.isNaN(r.overheadVsForward()))
                    .max(Comparator.comparingDouble(PerformanceRow::overheadVsForward))
                    .ifPresent(r -> sb.append(String.format(Locale.ROOT,
                            "worst detector overhead vs forward (%s): %s on %s, batch %s, %s: %+.1f%%%s%n", bench,
                            r.detector(), r.model(), r.batchSize(), r.device(), 100 * r.overheadVsForward(),
                            r.pairedOverhead() ? String.format(Locale.ROOT, " (99%% interval %+.1f%%..%+.1f%%, paired)",
                                    100 * r.overheadLo(), 100 * r.overheadHi()) : "")));
        }
        long negative = perf.stream().filter(PairedOverheads::fasterThanItsForward).count();
        if (negative > 0) {
            sb.append(String.format(Locale.ROOT, "BUG? %d score rows ran faster than the forward pass alone beyond their "
                    + "interval (see their notes)%n", negative));
        }
        long skipped = perf.stream().filter(r -> r.status().equals(PerformanceRow.SKIPPED)).count();
        long failed = perf.stream().filter(r -> r.status().equals(PerformanceRow.FAILED)).count();
        sb.append(String.format(Locale.ROOT, "performance rows: %d (%d skipped, %d failed)%n", perf.size(), skipped, failed));
        accuracy.stream().filter(r -> r.ok() && r.oodSet().endsWith("-average")).map(EvalRow::model).distinct().forEach(m ->
                accuracy.stream().filter(r -> r.model().equals(m) && r.oodSet().equals("far-average"))
                        .max(Comparator.comparingDouble(r -> r.metrics().auroc()))
                        .ifPresent(r -> sb.append(String.format(Locale.ROOT, "best far-OOD AUROC on %s: %s %.4f%n", m,
                                r.detector(), r.metrics().auroc()))));
        return sb.toString();
    }
}
