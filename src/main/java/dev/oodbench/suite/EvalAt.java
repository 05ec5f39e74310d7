package dev.oodbench.suite;

import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.RunData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One quality row evaluated by a built version of this repository ({@link AbVersions}): its own jar runs
 * {@code eval} in its own checkout (its models), in a separate process, into a results folder of ours;
 * the row's AUROC is read back from the run's {@code accuracy.csv}. AUROC repeats exactly on the same
 * code and data, so one evaluation per version settles it.
 */
final class EvalAt {
    /** A quality row: model, detector (as {@code eval --detectors} takes it) and OOD set. */
    record Row(String model, String detector, String ood) {
        /** {@code model=mnist04-convnet;detector=energy;ood=mnist59-test}. */
        static Row parse(String spec) {
            String m = null;
            String d = null;
            String o = null;
            for (String part : spec.split(";")) {
                int eq = part.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("quality row '" + spec + "': '" + part + "' is not key=value");
                String k = part.substring(0, eq).trim();
                String v = part.substring(eq + 1).trim();
                switch (k) {
                    case "model" -> m = v;
                    case "detector" -> d = v;
                    case "ood" -> o = v;
                    default -> throw new IllegalArgumentException("quality row '" + spec + "': unknown key '" + k
                            + "'; use model=...;detector=...;ood=...");
                }
            }
            if (m == null || d == null || o == null) {
                throw new IllegalArgumentException("quality row '" + spec + "' needs model, detector and ood, e.g. "
                        + "model=mnist04-convnet;detector=energy;ood=mnist59-test");
            }
            return new Row(m, d, o);
        }

        @Override
        public String toString() {
            return model + " " + detector + " -> " + ood;
        }
    }

    private EvalAt() {}

    /** The row as {@code side} computes it; its run goes to {@code out} (reused when already there). */
    static AccuracyRow evaluate(AbVersions.Side side, Row row, Path out, PrintStream log) throws IOException, InterruptedException {
        if (!Files.isDirectory(out.resolve("runs"))) {
            Path tree = side.jar().getParent().getParent();
            Files.createDirectories(out);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Doodbench.home=" + tree, "-jar", side.jar().toString(), "eval", "--model", row.model(), "--detectors",
                    row.detector(), "--ood", row.ood(), "--results", out.toAbsolutePath().toString()));
            log.printf("evaluating %s at %s%n", row, side.label());
            Path logFile = out.resolve("eval.log");
            Process p = new ProcessBuilder(cmd).directory(tree.toFile()).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start();
            if (!p.waitFor(60, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("eval of " + row + " at " + side.label() + " failed; see " + logFile);
            }
        }
        try (var s = Files.list(out.resolve("runs"))) {
            for (Path run : s.toList()) {
                for (AccuracyRow a : RunData.read(run).accuracy()) {
                    if (a.ok() && a.detector().equals(row.detector().split(":", 2)[0]) && a.oodDataset().equals(row.ood())) {
                        return a;
                    }
                }
            }
        }
        throw new IOException("eval at " + side.label() + " gave no AUROC for " + row + " (see " + out + ")");
    }
}
