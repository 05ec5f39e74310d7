package dev.oodbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Per-sample scores of a run, for the report's histograms and ROC curves:
 * {@code <run>/scores/<model>/<detector>/<dataset>.txt}, one score per line (higher = more OOD);
 * the ID set's file is named after the accuracy rows' {@code id_dataset}, each OOD set's after
 * {@code ood_dataset}. Written atomically.
 */
public final class ScoreFiles {
    public static final String DIR = "scores";

    private ScoreFiles() {}

    public static Path path(Path runDir, String model, String detector, String dataset) {
        return runDir.resolve(DIR).resolve(model).resolve(detector).resolve(dataset + ".txt");
    }

    /**
     * Writes one set's scores atomically, one per line: a score that is exactly a float32 (every
     * in-graph score) as that float's shortest decimal (it reads back to the same float), any other
     * at full double precision. The one writer of score files (evaluations and tests).
     */
    public static void write(Path runDir, String model, String detector, String dataset, double[] scores)
            throws IOException {
        AtomicFiles.write(path(runDir, model, detector, dataset), w -> {
            for (double s : scores) {
                float f = (float) s;
                w.write(f == s ? Float.toString(f) : Double.toString(s));
                w.write('\n');
            }
        });
    }

    /** True when the run saved this set's scores. */
    public static boolean exists(Path runDir, String model, String detector, String dataset) {
        return Files.isRegularFile(path(runDir, model, detector, dataset));
    }

    /** Reads one set's scores (blank lines ignored); a bad line is an error naming the file and line. */
    public static double[] read(Path runDir, String model, String detector, String dataset) throws IOException {
        return read(path(runDir, model, detector, dataset));
    }

    public static double[] read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[] v = new double[lines.size()];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String s = lines.get(i).trim();
            if (s.isEmpty()) continue;
            try {
                v[n++] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": not a number: '" + s + "'");
            }
        }
        return java.util.Arrays.copyOf(v, n);
    }
}
