package dev.oodbench.cli;

import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.ScoreFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "OOD metrics for scores made anywhere: higher score = more OOD, OOD positive, exact ROC.")
public final class MetricsCommand implements Callable<Integer> {
    @Option(names = "--id", required = true, description = "ID scores: one number per line, or a CSV (see --column)")
    Path id;

    @Option(names = "--ood", required = true, description = "OOD scores, same format")
    Path ood;

    @Option(names = "--column", description = "read this column of CSV files (with a header row)")
    String column;

    @Option(names = "--json", description = "print one JSON object (fractions)")
    boolean json;

    @Option(names = "--bootstrap", defaultValue = "0", description = "bootstrap resamples for 95%% intervals (default: none)")
    int bootstrap;

    @Option(names = "--seed", defaultValue = "0", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws IOException {
        Bootstrap.checkResamples("--bootstrap", bootstrap);
        // the two files are read and parsed at once
        CompletableFuture<double[]> other = CompletableFuture.supplyAsync(() -> {
            try {
                return read(ood);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        double[] a = read(id);
        double[] b;
        try {
            b = other.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw e;
        }
        OodMetrics m = OodMetrics.compute(a, b);
        Map<String, Object> out = new LinkedHashMap<>();
        m.asMap().forEach(out::put);
        out.put("n_id", m.nId());
        out.put("n_ood", m.nOod());
        if (bootstrap > 0) {
            Bootstrap.Intervals ci = Bootstrap.intervals(a, b, bootstrap, seed);
            out.put("auroc_lo", ci.aurocLo());
            out.put("auroc_hi", ci.aurocHi());
            out.put("fpr95_lo", ci.fpr95Lo());
            out.put("fpr95_hi", ci.fpr95Hi());
        }
        if (json) {
            List<String> parts = new ArrayList<>();
            out.forEach((k, v) -> parts.add("\"" + k + "\":" + (v instanceof Double d ? json(d) : v)));
            System.out.println("{" + String.join(",", parts) + "}");
        } else {
            out.forEach((k, v) -> System.out.printf(Locale.ROOT, "%-16s %s%n", k,
                    v instanceof Double d ? String.format(Locale.ROOT, "%.6f", d) : v));
            System.out.println("(fractions; OOD positive; FPR95 at the first threshold with TPR >= 0.95, ties grouped)");
        }
        return 0;
    }

    /**
     * A fraction as JSON: 16 significant digits, so a sum's rounding noise goes (0.27149999999999996 prints as
     * 0.2715) while every digit a float64 of a fraction such as 2/3 really carries stays.
     */
    static String json(double d) {
        if (!Double.isFinite(d)) return "null";
        BigDecimal v = new BigDecimal(d).round(new MathContext(16)).stripTrailingZeros();
        return v.scale() <= 0 ? v.toBigInteger() + ".0" : v.toPlainString();
    }

    private double[] read(Path file) throws IOException {
        if (column != null) {
            if (!Files.isRegularFile(file)) return ScoreFiles.readFinite(file); // its one-line errors: a folder, a device, absent
            CsvTable t = CsvTable.read(file);
            if (!t.columns().contains(column)) {
                throw new IllegalArgumentException(file + ": no column '" + column + "'; it has " + t.columns());
            }
            double[] v = new double[t.rows().size()];
            for (int i = 0; i < v.length; i++) v[i] = parse(t.rows().get(i).get(column), file, i + 2);
            return v;
        }
        return ScoreFiles.readFinite(file);
    }

    private static double parse(String s, Path file, int line) {
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + line + ": '" + s + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(file + " line " + line + ": " + v + " is not a finite score; remove the "
                    + "line or fix what wrote it");
        }
        return v;
    }
}
