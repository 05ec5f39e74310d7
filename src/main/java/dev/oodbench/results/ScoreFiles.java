package dev.oodbench.results;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Per-sample scores of a run by detector name, for the report's histograms and ROC curves: a text
 * file {@code <run>/scores/<model>/<detector>/<dataset>.txt}, one score per line (higher = more OOD),
 * or else the run's binary {@link ScoreStore} file of that detector (the first parameter set by folder
 * name when the run has several); the ID set's file is named after the accuracy rows' {@code id_dataset},
 * each OOD set's after {@code ood_dataset}. Evaluations write the binary store; text files are read
 * for runs that have them. Written atomically.
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

    /** True when the run saved this set's scores (as text or in its {@link ScoreStore}). */
    public static boolean exists(Path runDir, String model, String detector, String dataset) throws IOException {
        return Files.isRegularFile(path(runDir, model, detector, dataset))
                || !ScoreStore.candidates(runDir, model, detector, dataset).isEmpty();
    }

    /** Reads one set's scores: the text file (a bad line is an error naming the file and line), else the binary store's. */
    public static double[] read(Path runDir, String model, String detector, String dataset) throws IOException {
        Path text = path(runDir, model, detector, dataset);
        if (Files.isRegularFile(text)) return read(text);
        List<Path> stored = ScoreStore.candidates(runDir, model, detector, dataset);
        if (stored.isEmpty()) throw new FileNotFoundException(text + ": no such score file (nor a binary one)");
        return ScoreStore.read(stored.get(0)).scores();
    }

    /**
     * Reads one number per line (blank lines and surrounding whitespace ignored; {@code \n},
     * {@code \r\n} or {@code \r} line ends), as {@link Double#parseDouble} reads each line; a bad
     * line is an error naming the file and line. Plain decimals of up to 15 significant digits (every
     * float32 score file) are parsed straight from the bytes, exactly; anything else goes through
     * {@link Double#parseDouble}.
     */
    public static double[] read(Path file) throws IOException {
        return read(file, false);
    }

    /** {@link #read(Path)}, refusing a NaN or infinite score with the file and line (metrics are defined on finite scores). */
    public static double[] readFinite(Path file) throws IOException {
        return read(file, true);
    }

    private static double[] read(Path file, boolean finite) throws IOException {
        if (Files.isDirectory(file)) throw new IllegalArgumentException(file + ": is a folder; pass a file of scores");
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": is not a regular file (a device or a pipe); pass a file of scores");
        }
        if (!Files.exists(file)) throw new java.io.FileNotFoundException(file + ": file not found");
        byte[] b = Files.readAllBytes(file);
        double[] v = new double[Math.max(16, b.length / 8)];
        int n = 0;
        int i = startsWithBom(b) ? 3 : 0; // a UTF-8 byte-order mark (as some editors write) is no part of the first number
        while (i < b.length) {
            if ((b[i] & 0xff) <= ' ') { // line ends, blank lines, leading whitespace
                i++;
                continue;
            }
            int start = i;
            while (i < b.length && b[i] != '\n' && b[i] != '\r') i++;
            int end = i;
            while ((b[end - 1] & 0xff) <= ' ') end--;
            if (n == v.length) v = Arrays.copyOf(v, 2 * n);
            v[n] = parse(b, start, end, file);
            if (finite && !Double.isFinite(v[n])) {
                throw new IllegalArgumentException(file + " line " + lineOf(b, start) + ": " + v[n] + " is not a finite "
                        + "score; remove the line or fix what wrote it");
            }
            n++;
        }
        return Arrays.copyOf(v, n);
    }

    /** Whether {@code b} starts with the UTF-8 byte-order mark EF BB BF. */
    public static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0xef && (b[1] & 0xff) == 0xbb && (b[2] & 0xff) == 0xbf;
    }

    /** The 1-based line of byte {@code at} ({@code \r\n} is one line end), for an error message. */
    private static int lineOf(byte[] b, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (b[i] == '\n' || (b[i] == '\r' && (i + 1 >= b.length || b[i + 1] != '\n'))) line++;
        }
        return line;
    }

    private static final double[] POWERS_OF_TEN = new double[23];

    static {
        POWERS_OF_TEN[0] = 1;
        for (int k = 1; k < POWERS_OF_TEN.length; k++) POWERS_OF_TEN[k] = POWERS_OF_TEN[k - 1] * 10;
    }

    /**
     * The number in {@code b[from, to)}: [sign] digits [. digits] [e|E [sign] digits] with at most 15
     * significant digits and a decimal exponent within +-22 is m * 10^e or m / 10^-e, both exact, in
     * one correctly rounded operation (Clinger's fast path), so it equals {@link Double#parseDouble}.
     */
    private static double parse(byte[] b, int from, int to, Path file) {
        int i = from;
        boolean negative = b[i] == '-';
        if (negative || b[i] == '+') i++;
        long m = 0;
        int digits = 0;
        int exp = 0;
        boolean any = false;
        boolean fraction = false;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d >= 0 && d <= 9) {
                any = true;
                if (fraction) exp--;
                if (m == 0 && d == 0) continue;
                if (++digits > 15) return parseSlowly(b, from, to, file);
                m = m * 10 + d;
            } else if (b[i] == '.' && !fraction) {
                fraction = true;
            } else {
                break;
            }
        }
        if (!any) return parseSlowly(b, from, to, file);
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negExp = i < to && b[i] == '-';
            if (i < to && (negExp || b[i] == '+')) i++;
            int e = 0;
            int start = i;
            for (; i < to && b[i] >= '0' && b[i] <= '9' && e < 1000; i++) e = e * 10 + (b[i] - '0');
            if (i == start) return parseSlowly(b, from, to, file);
            exp += negExp ? -e : e;
        }
        if (i != to || exp < -22 || exp > 22) return parseSlowly(b, from, to, file);
        double x = m;
        x = exp < 0 ? x / POWERS_OF_TEN[-exp] : x * POWERS_OF_TEN[exp];
        return negative ? -x : x;
    }

    private static double parseSlowly(byte[] b, int from, int to, Path file) {
        String s = new String(b, from, to - from, StandardCharsets.UTF_8);
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + lineOf(b, from) + ": not a number: '"
                    + s.replace("\ufeff", "<byte-order mark>") + "'");
        }
    }
}
