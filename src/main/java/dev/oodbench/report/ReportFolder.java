package dev.oodbench.report;

import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.JmhImport;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.RunInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a report over existing runs goes, and the checks that keep it from harming them: a report never
 * writes into a run folder it did not make (the run's own files, its committed report and charts stay as
 * they are), and never replaces an earlier report unless asked to. Every refusal is one line that names
 * the folder or option and the fix.
 */
public final class ReportFolder {
    /** The folder under the results folder that holds the reports of {@code oodbench report}. */
    public static final String REPORTS_DIR = "reports";

    private ReportFolder() {}

    /**
     * The default folder of a report on {@code inputs} (run folders or result files):
     * {@code results/reports/<run-id>} for one run, {@code results/reports/<first>-vs-<second>} for two, and
     * {@code results/reports/<first>-and-<n> more} for more.
     */
    public static Path defaultFolder(Path results, List<String> labels) {
        String name = labels.size() == 1 ? labels.get(0)
                : labels.size() == 2 ? labels.get(0) + "-vs-" + labels.get(1)
                : labels.get(0) + "-and-" + (labels.size() - 1) + "-more";
        return results.resolve(REPORTS_DIR).resolve(Report.slug(name));
    }

    /**
     * Refuses {@code out} before any work when it is empty, is a file, lies inside one of the input run
     * folders (or is the run folder holding an input file), or already holds a report and
     * {@code replace} is false. {@code option} is how the user named it ({@code --out}, or "the default
     * folder").
     */
    public static void check(Path out, String option, List<Path> inputs, boolean replace) {
        if (out == null || out.toString().isBlank()) {
            throw new IllegalArgumentException(option + " is empty; name a folder for the report, e.g. --out results/reports/mine");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException(option + " " + out + " is a file, not a folder; name a folder for the report");
        }
        Path o = canonical(out);
        for (Path in : inputs) {
            Path run = Files.isDirectory(in) ? in : isRunFolder(in.toAbsolutePath().getParent()) ? in.toAbsolutePath().getParent() : null;
            if (run != null && o.startsWith(canonical(run))) {
                throw new IllegalArgumentException(option + " " + out + " is inside the run folder " + run
                        + ", which a report never writes into; name another folder with --out");
            }
        }
        if (!replace && (Files.exists(out.resolve(Report.HTML_FILE)) || Files.exists(out.resolve(Report.MARKDOWN_FILE)))) {
            throw new IllegalArgumentException(out + " already holds a report; pass --replace to write over it, or name "
                    + "another folder with --out");
        }
    }

    /** Whether {@code dir} is a run folder: it holds run.properties or one of a run's result files. */
    static boolean isRunFolder(Path dir) {
        if (dir == null) return false;
        for (String f : List.of(RunInfo.FILE_NAME, PerformanceCsv.FILE_NAME, AccuracyCsv.FILE_NAME, JmhImport.FILE_NAME)) {
            if (Files.isRegularFile(dir.resolve(f))) return true;
        }
        return false;
    }

    /** The absolute, normalised path with symbolic links of its existing part resolved. */
    private static Path canonical(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) return abs;
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (java.io.IOException e) {
            return abs;
        }
    }
}
