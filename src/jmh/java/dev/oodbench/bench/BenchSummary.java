package dev.oodbench.bench;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.results.CsvTable;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The console summary of a run: forward throughput per model and batch size, worst detector overhead, best AUROC. */
final class BenchSummary {
    private BenchSummary() {}

    static String render(CsvTable perf, List<EvalRow> accuracy) {
        StringBuilder sb = new StringBuilder();
        sb.append("forward pass (images/s):\n");
        for (Map<String, String> r : perf.rows()) {
            if (r.get("benchmark").equals("forward") && r.get("status").equals("ok")) {
                sb.append(String.format(Locale.ROOT, "  %-18s %-4s batch %4s  %10.0f img/s  (%.3f +- %.3f ms/batch)%n",
                        r.get("model"), r.get("device"), r.get("batch_size"), CsvTable.num(r.get("images_per_s")),
                        CsvTable.num(r.get("score")), CsvTable.num(r.get("score_error"))));
            }
        }
        perf.rows().stream().filter(r -> r.get("benchmark").equals("score") && !r.getOrDefault("overhead_vs_forward", "").isEmpty())
                .max((a, b) -> Double.compare(CsvTable.num(a.get("overhead_vs_forward")), CsvTable.num(b.get("overhead_vs_forward"))))
                .ifPresent(r -> sb.append(String.format(Locale.ROOT,
                        "worst detector overhead vs forward: %s on %s, batch %s, %s: %+.1f%%%n", r.get("detector"),
                        r.get("model"), r.get("batch_size"), r.get("device"), 100 * CsvTable.num(r.get("overhead_vs_forward")))));
        long skipped = perf.rows().stream().filter(r -> r.get("status").equals("skipped")).count();
        long failed = perf.rows().stream().filter(r -> r.get("status").equals("failed")).count();
        sb.append(String.format(Locale.ROOT, "performance rows: %d (%d skipped, %d failed)%n", perf.rows().size(), skipped, failed));
        accuracy.stream().filter(r -> r.ok() && r.oodSet().endsWith("-average")).map(EvalRow::model).distinct().forEach(m -> {
            accuracy.stream().filter(r -> r.model().equals(m) && r.oodSet().equals("far-average"))
                    .max((a, b) -> Double.compare(a.auroc(), b.auroc()))
                    .ifPresent(r -> sb.append(String.format(Locale.ROOT, "best far-OOD AUROC on %s: %s %.4f%n", m,
                            r.detector(), r.auroc())));
        });
        return sb.toString();
    }
}
