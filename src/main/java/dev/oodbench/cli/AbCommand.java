package dev.oodbench.cli;

import dev.oodbench.model.ModelCatalog;
import dev.oodbench.report.Compare;
import dev.oodbench.suite.AbComparison;
import dev.oodbench.suite.AbQuality;
import dev.oodbench.suite.AbRun;
import dev.oodbench.suite.BenchMain;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "ab", mixinStandardHelpOptions = true,
        description = {"Compare the speed of two versions in interleaved, randomized trials: short forks, each loading "
                + "both versions side by side over one TensorFlow and alternating them batch by batch in random order; "
                + "a verdict per row from the paired ratios (Hodges-Lehmann estimate, Wilcoxon signed-rank interval).",
                "BASE and CAND are git revisions of this repository (each built once in build/ab/<commit>) or built "
                        + "checkout folders; models come from each side.",
                "Exit status: 0 no regression, 1 a regression (or a row that failed), 2 bad input."})
public final class AbCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BASE", description = "baseline revision or checkout folder (A)")
    String base;

    @Parameters(index = "1", paramLabel = "CAND", description = "candidate revision or checkout folder (B)")
    String cand;

    @Option(names = "--budget", defaultValue = "3m", paramLabel = "TIME",
            description = "time spent timing, e.g. 90s, 3m, 10m (builds not included; default: ${DEFAULT-VALUE})")
    String budget;

    @Mixin
    AbOptions ab = new AbOptions();

    @Option(names = "--format", paramLabel = "FMT", split = ",",
            description = "also write ab.<FMT>.json: github-action-benchmark (customSmallerIsBetter), bencher (Bencher Metric Format)")
    List<String> formats = new ArrayList<>();

    @Option(names = "--quality", defaultValue = AbQuality.DEFAULT_DETECTORS, paramLabel = "DETECTORS",
            description = "detectors whose quality both versions evaluate on the same images, paired verdicts beside the "
                    + "speed rows (DeLong for AUROC, paired bootstrap for FPR95 and AUPR); 'none' to skip "
                    + "(default: ${DEFAULT-VALUE}: one of each family)")
    String quality;

    @Option(names = "--quality-models", split = ",", paramLabel = "MODEL",
            description = "models of the quality rows (default: every catalog model)")
    List<String> qualityModels;

    @Option(names = "--quality-images", defaultValue = "" + AbQuality.DEFAULT_IMAGES, paramLabel = "N",
            description = "images of each set (the first N) both versions score for the quality rows; 0 for all "
                    + "(default: ${DEFAULT-VALUE})")
    int qualityImages;

    @Override
    public Integer call() throws Exception {
        AbRun.Config cfg = ab.config(budget);
        AbQuality.Config q = quality.isBlank() || quality.equals("none") ? null : new AbQuality.Config(
                qualityModels == null || qualityModels.isEmpty() ? ModelCatalog.names() : qualityModels, quality, qualityImages);
        AbComparison.Outcome o = AbComparison.run(base, cand, cfg, q, ab.results, formats, System.out);
        Compare.Result r = o.result();
        // every speed row; of the quality rows (several per detector and set) those that are not "no change"
        System.out.print(Compare.console(part(r, "speed"), true));
        if (q != null) {
            System.out.println();
            System.out.print(Compare.console(part(r, "quality"), false));
        }
        System.out.println(BenchMain.wrote(o.dir(), AbComparison.outputs(formats)));
        return o.result().regressions() > 0 || o.result().count(Compare.FAILED) > 0 ? 1 : 0;
    }

    private static Compare.Result part(Compare.Result r, String kind) {
        return new Compare.Result(r.baseline(), r.candidate(), r.hardwareDifferences(), r.softwareDifferences(),
                r.rows().stream().filter(x -> x.kind().equals(kind)).toList(), r.slower(), r.aurocDrop(), r.fpr95Rise(),
                r.speedMethod());
    }

    /** "90s", "3m", "1.5m", "600" (seconds) to seconds. */
    static double seconds(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        double scale = t.endsWith("m") ? 60 : t.endsWith("h") ? 3600 : 1;
        if (t.endsWith("s") || t.endsWith("m") || t.endsWith("h")) t = t.substring(0, t.length() - 1);
        try {
            double v = Double.parseDouble(t) * scale;
            if (v > 0 && Double.isFinite(v)) return v;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--budget '" + s + "' is not a duration such as 90s, 3m or 10m");
    }

}
