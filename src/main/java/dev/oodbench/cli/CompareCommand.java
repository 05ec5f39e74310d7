package dev.oodbench.cli;

import dev.oodbench.report.BenchmarkFormats;
import dev.oodbench.report.Compare;
import dev.oodbench.report.CompareText;
import dev.oodbench.report.History;
import dev.oodbench.report.RunWideCorrection;
import dev.oodbench.report.SameCodeRuns;
import dev.oodbench.report.SpeedVerdict;
import dev.oodbench.results.AtomicFiles;
import dev.oodbench.results.RunData;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two runs made at different times (run folders, or single performance/accuracy CSV or JMH "
                + "JSON files): raw speed ratios with their noise and a between-run allowance, AUROC and FPR95 deltas "
                + "against their bootstrap intervals, a verdict per row with Holm's correction over all rows.",
                "For a pull-request gate use `ab` (both versions interleaved on one machine): runs made at different "
                        + "times can only show large changes.",
                "Exit status: 0 nothing regressed, 1 something regressed, 2 bad input."})
public final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "baseline run folder or file (e.g. results/baseline)")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CANDIDATE", description = "candidate run folder or file")
    Path candidate;

    @Option(names = "--slower", defaultValue = "" + SpeedVerdict.DEFAULT_SLOWER, paramLabel = "FRACTION",
            description = "speed regression when slower by more than this fraction beyond the noise, i.e. the lower bound of "
                    + "the time ratio's interval above 1 + FRACTION; no change when the whole interval is within "
                    + "1 +- FRACTION; inconclusive otherwise (the same rule as ab; default: ${DEFAULT-VALUE})")
    double slower;

    @Option(names = "--run-noise", paramLabel = "LOG",
            description = "between-run allowance (log ratio) added to each side of a speed interval (default: the largest "
                    + "difference between same-code runs of the candidate's series under --history, else "
                    + Compare.DEFAULT_RUN_NOISE + ")")
    Double runNoise;

    @Option(names = "--history", defaultValue = "results", paramLabel = "DIR",
            description = "results folder whose runs/ give the same-code runs the allowance is estimated from (default: ${DEFAULT-VALUE})")
    Path history;

    @Option(names = "--confidence", defaultValue = "" + RunWideCorrection.DEFAULT_FAMILY_CONFIDENCE, paramLabel = "P",
            description = "chance that no row of the comparison gets a false regression or improvement verdict (Holm; default: ${DEFAULT-VALUE})")
    double confidence;

    @Option(names = "--format", split = ",", paramLabel = "FMT",
            description = "also write the candidate's absolute results for dashboards beside --csv (or as ./compare.*): "
                    + "github-action-benchmark (compare.github-action-benchmark.{smaller,bigger}.json), bencher (compare.bencher.json)")
    List<String> formats;

    @Option(names = "--auroc-drop", defaultValue = "0.005", paramLabel = "DELTA",
            description = "quality regression when AUROC drops by more than this beyond its interval (default: ${DEFAULT-VALUE})")
    double aurocDrop;

    @Option(names = "--fpr95-rise", defaultValue = "0.02", paramLabel = "DELTA",
            description = "quality regression when FPR95 rises by more than this beyond its interval (default: ${DEFAULT-VALUE})")
    double fpr95Rise;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "write a Markdown summary for a pull request here (under " + CompareText.MARKDOWN_LIMIT + " characters)")
    Path markdown;

    @Option(names = "--csv", paramLabel = "FILE", description = "write the comparison, one row per metric, as CSV here")
    Path csv;

    @Option(names = "--all", description = "list the unchanged, missing and not-run rows too (console and Markdown)")
    boolean all;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (formats != null) formats.forEach(BenchmarkFormats::check);
        if (!(confidence > 0 && confidence < 1)) throw new IllegalArgumentException("--confidence " + confidence + ": give a chance between 0 and 1, e.g. 0.95");
        List<Path> outputs = outputs();
        for (Path p : outputs) OutputTargets.check(p, List.of(baseline, candidate));
        RunData base = RunData.read(baseline);
        RunData cand = RunData.read(candidate);
        Compare compare = new Compare(slower, aurocDrop, fpr95Rise).withFamilyConfidence(confidence);
        if (runNoise != null) {
            compare.withRunNoise(runNoise, "given with --run-noise");
        } else {
            Optional<SameCodeRuns.Allowance> a = Files.isDirectory(history)
                    ? SameCodeRuns.allowance(History.runs(history), History.Series.of(cand)) : Optional.empty();
            if (a.isPresent()) compare.withRunNoise(a.get().logRatio(), a.get().source() + " under " + history);
            else compare.withRunNoise(Compare.DEFAULT_RUN_NOISE, "default: too few same-code runs of this series under " + history);
        }
        Compare.Result r = compare.compare(base, cand);
        if (r.rows().isEmpty()) {
            throw new IllegalArgumentException("nothing to compare: neither run has performance or accuracy rows");
        }
        if (!shareARow(base, cand)) {
            throw new IllegalArgumentException(baseline + " and " + candidate + " share no row (" + r.rows().size()
                    + " rows on one side only); compare a performance file with a performance file, accuracy with accuracy");
        }
        out.print(Compare.console(r, all));
        if (markdown != null) {
            AtomicFiles.writeString(markdown, CompareText.markdown(r, "compare", all));
            out.println("wrote " + markdown);
        }
        if (csv != null) {
            Compare.table(r).write(csv);
            out.println("wrote " + csv);
        }
        if (formats != null) {
            for (String f : formats) {
                for (Path p : BenchmarkFormats.write(formatDir(), stem(), f, BenchmarkFormats.entries(cand))) out.println("wrote " + p);
            }
        }
        out.flush();
        return r.regressions() > 0 ? 1 : 0;
    }

    /** Every file this run will write, so that each is checked before any work. */
    private List<Path> outputs() {
        List<Path> out = new ArrayList<>();
        if (markdown != null) out.add(OutputTargets.named("--markdown", markdown));
        if (csv != null) out.add(OutputTargets.named("--csv", csv));
        if (formats != null) {
            for (String f : formats) {
                for (String name : BenchmarkFormats.files(f, stem(), List.of()).keySet()) out.add(formatDir().resolve(name));
            }
        }
        return out;
    }

    /** The dashboard files' name stem: the --csv file's name without ".csv", else "compare". */
    private String stem() {
        if (csv == null) return "compare";
        String n = csv.getFileName().toString();
        return n.toLowerCase(java.util.Locale.ROOT).endsWith(".csv") ? n.substring(0, n.length() - 4) : n;
    }

    private Path formatDir() {
        Path parent = csv == null ? null : csv.toAbsolutePath().getParent();
        return parent == null ? Path.of("") : parent;
    }

    private static boolean shareARow(RunData a, RunData b) {
        Set<Object> keys = new HashSet<>();
        a.performance().forEach(p -> keys.add(p.key()));
        a.accuracy().forEach(x -> keys.add(List.of(x.model(), x.detector(), x.idDataset(), x.oodDataset())));
        return b.performance().stream().anyMatch(p -> keys.contains(p.key())) || b.accuracy().stream()
                .anyMatch(x -> keys.contains(List.of(x.model(), x.detector(), x.idDataset(), x.oodDataset())));
    }

    /** Checks on a file a command is about to write, before any work: each failure is one line naming the option or file. */
    static final class OutputTargets {
        private OutputTargets() {}

        /** {@code value} of {@code option}, refused when empty. */
        static Path named(String option, Path value) {
            if (value.toString().isBlank()) throw new IllegalArgumentException(option + " is empty; name a file to write, e.g. " + option + "=compare.out");
            return value;
        }

        /**
         * Refuses a target that is a folder, one that would replace an input (or land inside an input
         * run folder), a read-only file, and one whose folder cannot be written.
         */
        static void check(Path target, List<Path> inputs) throws IOException {
            Path abs = target.toAbsolutePath().normalize();
            if (Files.isDirectory(abs)) {
                throw new IllegalArgumentException(target + " is a folder; name a file in it, e.g. " + abs.resolve("compare.out"));
            }
            for (Path in : inputs) {
                Path i = in.toAbsolutePath().normalize();
                boolean same = abs.equals(i) || Files.exists(abs) && Files.exists(i) && Files.isSameFile(abs, i);
                boolean inside = Files.isDirectory(i) && (abs.startsWith(i) || abs.getParent() != null && Files.exists(abs.getParent())
                        && abs.getParent().toRealPath().startsWith(i.toRealPath()));
                if (same || inside) {
                    throw new IllegalArgumentException(target + " would " + (same ? "overwrite the input " : "write into the input run folder ")
                            + in + "; write the comparison somewhere else");
                }
            }
            if (Files.exists(abs) && !Files.isWritable(abs)) {
                throw new IllegalArgumentException(target + " is read-only; make it writable or choose another file");
            }
            Path dir = abs.getParent();
            while (dir != null && !Files.exists(dir)) dir = dir.getParent();
            if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
                throw new IllegalArgumentException(target + ": its folder " + (dir == null ? abs.getParent() : dir)
                        + " cannot be written; make it writable or choose another file");
            }
        }
    }
}
