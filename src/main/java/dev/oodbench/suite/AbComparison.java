package dev.oodbench.suite;

import dev.oodbench.report.BenchmarkFormats;
import dev.oodbench.report.Compare;
import dev.oodbench.report.PairedRatio;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.RunInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code oodbench ab BASE CAND}: builds both versions, runs the interleaved {@link AbRun}, and writes
 * {@code <results>/ab/<id>/{ab.csv, ab.md, forks/}} plus any dashboard formats asked for. The verdict
 * table is {@code compare}'s, so both commands read alike.
 */
public final class AbComparison {
    /**
     * The default rows: the forward pass of both models at a small and a large batch (64 for ResNet-20,
     * whose batch of 256 takes so long on a shared 2-core machine that few rounds fit in a budget), and
     * one detector of each kind (logits, subspace, class-conditional, nearest neighbour, its ops alone)
     * at one of them.
     */
    public static final List<String> SMOKE = List.of(
            "benchmark=forward;model=cifar10-resnet20;batch=8",
            "benchmark=forward;model=cifar10-resnet20;batch=64",
            "benchmark=forward;model=mnist04-convnet;batch=8",
            "benchmark=forward;model=mnist04-convnet;batch=256",
            "benchmark=score;model=cifar10-resnet20;detector=energy;batch=64",
            "benchmark=score;model=cifar10-resnet20;detector=vim;batch=8",
            "benchmark=score;model=mnist04-convnet;detector=mahalanobis;batch=256",
            "benchmark=score;model=mnist04-convnet;detector=knn;batch=8",
            "benchmark=head;model=cifar10-resnet20;detector=mls;batch=64");

    /** Where the results went and what they say. */
    public record Outcome(Path dir, Compare.Result result, int failedRows) {}

    private AbComparison() {}

    /** The files an A/B run writes into its folder besides forks/, as its closing line names them. */
    public static List<String> outputs(List<String> formats) {
        List<String> files = new ArrayList<>(List.of("ab.csv", "ab.md"));
        formats.forEach(f -> files.addAll(BenchmarkFormats.fileNames(f, "ab")));
        return files;
    }

    public static Outcome run(String baseRef, String candRef, AbRun.Config cfg, Path resultsDir, List<String> formats,
                              PrintStream log) throws Exception {
        return run(baseRef, candRef, cfg, null, resultsDir, formats, log);
    }

    /**
     * {@link #run(String, String, AbRun.Config, Path, List, PrintStream)} with the quality rows of
     * {@code quality} (null: none) beside the speed rows, evaluated after the timing forks.
     */
    public static Outcome run(String baseRef, String candRef, AbRun.Config cfg, AbQuality.Config quality, Path resultsDir,
                              List<String> formats, PrintStream log) throws Exception {
        for (String f : formats) BenchmarkFormats.check(f); // unknown names fail before any work
        Path home = Path.of(System.getProperty("oodbench.home", ".")).toAbsolutePath().normalize();
        String baseAt = AbVersions.resolve(baseRef, home);
        String candAt = AbVersions.resolve(candRef, home);
        AbVersions.Side a = AbVersions.prepare(baseRef, baseAt, home, log);
        AbVersions.Side b = AbVersions.prepare(candRef, candAt, home, log);
        AbVersions.checkSameTensorFlow(a);
        AbVersions.checkSameTensorFlow(b);
        RunInfo info = RunInfo.collect();
        String id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now()) + "-"
                + shortName(a) + "-vs-" + shortName(b);
        Path dir = RunInfo.claimFolder(resultsDir.resolve("ab"), id);
        log.printf(Locale.ROOT, "ab %s (A) vs %s (B): %d rows, budget %.0f s, >= %d forks -> %s%n", baseRef, candRef,
                cfg.rows().size(), cfg.budgetSeconds(), cfg.minForks(), dir);
        InterleavedJob.Version va = new InterleavedJob.Version("A", a.jar().toString(), a.models().toString());
        InterleavedJob.Version vb = new InterleavedJob.Version("B", b.jar().toString(), b.models().toString());
        List<AbRun.RowResult> rows = new AbRun(cfg).run(va, vb, dir.resolve("forks"), log);
        List<Compare.Row> qualityRows = quality == null ? List.of() : AbQuality.run(va, vb, quality,
                new Compare(cfg.slower(), Compare.DEFAULT_AUROC_DROP),
                dir.resolve("quality"), log);
        Compare.Result result = result(baseRef + " (" + shortName(a) + ")", candRef + " (" + shortName(b) + ")", rows,
                qualityRows, cfg);
        Compare.table(result).write(dir.resolve("ab.csv"));
        AtomicFiles.writeString(dir.resolve("ab.md"), Compare.markdown(result, "ab") + "\n" + hardware(info));
        for (String f : formats) BenchmarkFormats.write(dir, "ab", f, BenchmarkFormats.candidate(result));
        RunInfo.finish(dir);
        int failed = (int) rows.stream().filter(r -> !r.ok()).count();
        return new Outcome(dir, result, failed);
    }

    static Compare.Result result(String base, String cand, List<AbRun.RowResult> rows, AbRun.Config cfg) {
        return result(base, cand, rows, List.of(), cfg);
    }

    /** The speed rows, then the paired quality rows. */
    static Compare.Result result(String base, String cand, List<AbRun.RowResult> rows, List<Compare.Row> quality,
                                 AbRun.Config cfg) {
        List<Compare.Row> out = new ArrayList<>();
        for (AbRun.RowResult r : rows) {
            Map<String, String> key = key(r.row());
            PairedRatio p = r.ratio();
            if (!r.ok()) {
                out.add(new Compare.Row("speed", "time", key, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                        Compare.FAILED, "failed: " + r.error()));
                continue;
            }
            String detail = String.format(Locale.ROOT, "%s -> %s ms per op (median of %d interleaved rounds in %d forks; "
                            + "x%.3f, %.0f%% interval %.3f..%.3f, Hodges-Lehmann / Wilcoxon)", Compare.ms(r.baseSeconds()),
                    Compare.ms(r.candSeconds()), p.trials(), r.forks(), p.ratio(), 100 * p.confidence(), p.lo(), p.hi());
            out.add(new Compare.Row("speed", "time", key, r.baseSeconds() * 1e3, r.candSeconds() * 1e3, p.ratio(), p.lo(),
                    p.hi(), r.verdict().label(), detail));
        }
        out.addAll(quality);
        return new Compare.Result(base, cand, List.of(), List.of(), out, cfg.slower(), Compare.DEFAULT_AUROC_DROP,
                Compare.DEFAULT_FPR95_RISE, String.format(Locale.ROOT, "Hodges-Lehmann ratio of interleaved rounds, "
                        + "%.0f%% Wilcoxon signed-rank interval", 100 * cfg.confidence()));
    }

    private static Map<String, String> key(WorkloadSpec w) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("benchmark", w.benchmark());
        m.put("model", w.model());
        m.put("detector", w.detector());
        m.put("batch_size", w.batch() > 0 ? String.valueOf(w.batch()) : "");
        m.put("device", w.device());
        m.put("threads", String.valueOf(w.threads()));
        return m;
    }

    private static String hardware(RunInfo info) {
        return "Measured on " + info.hardware() + ", oodbench " + info.suiteVersion() + " (" + info.shortCommit() + ").\n";
    }

    private static String shortName(AbVersions.Side s) {
        return s.commit().matches("[0-9a-f]{40}") ? s.commit().substring(0, 7)
                : Path.of(s.commit()).getFileName().toString().replaceAll("[^A-Za-z0-9.-]", "_");
    }
}
