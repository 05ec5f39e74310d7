package dev.oodbench.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The notebooks' comparison table: one line per detector, one column per OOD set (and the near/far
 * averages), each cell "AUROC / FPR95" in percent; the best value of each column is marked with *.
 * Each line is labelled with the detector and its parameters ({@code vim dim=32}), so a detector evaluated
 * with several parameter sets (e.g. {@code ash-p} on the map and on the features) gets one line per set;
 * columns are as wide as their set's name.
 */
public final class ComparisonTable {
    private ComparisonTable() {}

    public static String render(List<EvalRow> rows) {
        List<String> sets = new ArrayList<>();
        Map<String, Map<String, EvalRow>> byDetector = new LinkedHashMap<>();
        for (EvalRow r : rows) {
            if (!r.ok()) continue;
            if (!sets.contains(r.oodSet())) sets.add(r.oodSet());
            String label = r.detectorParams().isEmpty() ? r.detector() : r.detector() + " " + r.detectorParams();
            byDetector.computeIfAbsent(label, k -> new LinkedHashMap<>()).put(r.oodSet(), r);
        }
        int labelWidth = Math.max(15, byDetector.keySet().stream().mapToInt(String::length).max().orElse(0));
        Map<String, Double> bestAuroc = new LinkedHashMap<>();
        Map<String, Double> bestFpr = new LinkedHashMap<>();
        for (String s : sets) {
            bestAuroc.put(s, byDetector.values().stream().filter(m -> m.containsKey(s))
                    .mapToDouble(m -> m.get(s).metrics().auroc()).max().orElse(Double.NaN));
            bestFpr.put(s, byDetector.values().stream().filter(m -> m.containsKey(s))
                    .mapToDouble(m -> m.get(s).metrics().fpr95()).min().orElse(Double.NaN));
        }
        Map<String, Integer> width = new LinkedHashMap<>();
        for (String s : sets) width.put(s, Math.max(17, s.length()));
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", "AUROC / FPR95"));
        for (String s : sets) sb.append(String.format(Locale.ROOT, " %" + width.get(s) + "s", s));
        sb.append('\n');
        for (Map.Entry<String, Map<String, EvalRow>> e : byDetector.entrySet()) {
            sb.append(String.format(Locale.ROOT, "%-" + labelWidth + "s", e.getKey()));
            for (String s : sets) {
                EvalRow r = e.getValue().get(s);
                int w = width.get(s);
                if (r == null) {
                    sb.append(String.format(Locale.ROOT, " %" + w + "s", "-"));
                    continue;
                }
                double auroc = r.metrics().auroc();
                double fpr95 = r.metrics().fpr95();
                String cell = String.format(Locale.ROOT, "%5.1f%s / %5.1f%s", 100 * auroc,
                        auroc == bestAuroc.get(s) ? "*" : " ", 100 * fpr95, fpr95 == bestFpr.get(s) ? "*" : " ");
                sb.append(String.format(Locale.ROOT, " %" + w + "s", cell));
            }
            sb.append('\n');
        }
        sb.append("(percent; * = best in column; higher AUROC and lower FPR95 are better)\n");
        return sb.toString();
    }
}
