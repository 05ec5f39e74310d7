package dev.oodbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The runs under {@code results/runs}, oldest first, with version, commit, machine and headline numbers. */
public final class History {
    private History() {}

    public static List<RunData> runs(Path results) throws IOException {
        Path dir = results.resolve("runs");
        if (!Files.isDirectory(dir)) return List.of();
        List<RunData> out = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                try {
                    out.add(RunData.read(p));
                } catch (IOException | IllegalArgumentException e) {
                    // a folder without results is not a run: skip it
                }
            }
        }
        return out;
    }

    public static String render(List<RunData> runs) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-36s %-15s %-9s %-28s %-44s %s%n", "run", "version", "commit", "machine",
                "forward img/s @256 (cpu)", "mean AUROC (ok rows)"));
        for (RunData r : runs) {
            RunInfo i = r.info();
            sb.append(String.format(Locale.ROOT, "%-36s %-15s %-9s %-28s %-44s %s%n", r.label(),
                    i == null ? "?" : i.suiteVersion(), i == null ? "?" : i.gitCommit().substring(0, Math.min(8, i.gitCommit().length())),
                    i == null ? "?" : trim(i.host() + " " + i.cpu() + " x" + i.cores(), 28), forward(r), aurocs(r)));
        }
        return sb.toString();
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "~";
    }

    private static String forward(RunData r) {
        if (r.performance() == null) return "-";
        StringBuilder sb = new StringBuilder();
        for (Map<String, String> row : r.performance().rows()) {
            if (row.get("benchmark").equals("forward") && row.get("batch_size").equals("256")
                    && row.get("device").equals("cpu") && row.get("status").equals("ok")) {
                if (sb.length() > 0) sb.append(", ");
                sb.append(String.format(Locale.ROOT, "%s %.0f", row.get("model"), CsvTable.num(row.get("images_per_s"))));
            }
        }
        return sb.length() == 0 ? "-" : sb.toString();
    }

    private static String aurocs(RunData r) {
        if (r.accuracy() == null) return "-";
        StringBuilder sb = new StringBuilder();
        r.accuracy().rows().stream().filter(x -> "ok".equals(x.get("status")) && !x.get("ood_dataset").endsWith("-average"))
                .map(x -> x.get("model")).distinct().forEach(m -> {
                    double mean = r.accuracy().rows().stream().filter(x -> x.get("model").equals(m) && "ok".equals(x.get("status"))
                            && !x.get("ood_dataset").endsWith("-average")).mapToDouble(x -> CsvTable.num(x.get("auroc"))).average().orElse(Double.NaN);
                    if (sb.length() > 0) sb.append(", ");
                    sb.append(String.format(Locale.ROOT, "%s %.4f", m, mean));
                });
        return sb.length() == 0 ? "-" : sb.toString();
    }
}
