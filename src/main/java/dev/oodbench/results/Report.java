package dev.oodbench.results;

import dev.oodbench.metrics.RocCurve;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The state of one run, or several runs side by side: a self-contained {@code report.html} (charts
 * embedded as PNG) and {@code report.md} with its PNGs in {@code report-files/}. Charts: throughput
 * against batch size per detector, CPU vs GPU speed-up (when both ran), overhead relative to the
 * forward pass, AUROC against throughput (the Pareto front marked), score histograms and ROC curves
 * (when per-sample scores were saved), and a table of every metric with its interval.
 */
public final class Report {
    private final List<RunData> runs;
    private final List<String[]> sections = new ArrayList<>(); // {title, html, markdown}
    private final Map<String, byte[]> images = new LinkedHashMap<>();

    private Report(List<RunData> runs) {
        this.runs = runs;
    }

    /** Writes report.html, report.md and report-files/ into {@code out}; returns the HTML path. */
    public static Path write(List<RunData> runs, Path out) throws IOException {
        Report r = new Report(runs);
        r.build();
        Files.createDirectories(out.resolve("report-files"));
        for (Map.Entry<String, byte[]> e : r.images.entrySet()) {
            Path f = out.resolve("report-files").resolve(e.getKey());
            Path tmp = Files.createTempFile(f.getParent(), ".img", ".tmp");
            Files.write(tmp, e.getValue());
            Files.move(tmp, f, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        AtomicFiles.writeString(out.resolve("report.md"), r.markdown());
        AtomicFiles.writeString(out.resolve("report.html"), r.html());
        return out.resolve("report.html");
    }

    private void build() throws IOException {
        runsTable();
        if (runs.size() > 1) hardwareComparison();
        for (RunData run : runs) {
            if (run.performance() != null) {
                throughput(run);
                speedup(run);
                overhead(run);
            }
            if (run.performance() != null && run.accuracy() != null) pareto(run);
            if (run.accuracy() != null) {
                scorePlots(run);
                metricsTable(run);
            }
        }
    }

    private String img(String name, byte[] png) {
        images.put(name, png);
        return name;
    }

    private void add(String title, String html, String md) {
        sections.add(new String[] {title, html, md});
    }

    private void chart(String title, String name, byte[] png, String note) {
        img(name, png);
        String b64 = Base64.getEncoder().encodeToString(png);
        add(title, "<p>" + esc(note) + "</p><img alt=\"" + esc(title) + "\" src=\"data:image/png;base64," + b64 + "\">",
                note + "\n\n![" + title + "](report-files/" + name + ")\n");
    }

    private void runsTable() {
        StringBuilder h = new StringBuilder("<table><tr><th>run</th><th>version</th><th>commit</th><th>host</th><th>CPU</th>"
                + "<th>cores</th><th>GPU</th><th>Java</th><th>TF</th></tr>");
        StringBuilder m = new StringBuilder("| run | version | commit | host | CPU | cores | GPU | Java | TF |\n|---|---|---|---|---|---|---|---|---|\n");
        for (RunData r : runs) {
            RunInfo i = r.info();
            String[] c = i == null ? new String[] {r.label(), "?", "?", "?", "?", "?", "?", "?", "?"}
                    : new String[] {i.runId(), i.suiteVersion(), i.gitCommit(), i.host(), i.cpu(), Integer.toString(i.cores()),
                    i.gpu(), i.javaVersion(), i.tfVersion()};
            h.append("<tr>");
            for (String x : c) h.append("<td>").append(esc(x)).append("</td>");
            h.append("</tr>");
            m.append("| ").append(String.join(" | ", c)).append(" |\n");
        }
        h.append("</table>");
        add("Runs", h.toString(), m.toString());
    }

    private static List<Map<String, String>> ok(CsvTable t, String benchmark) {
        return t.rows().stream().filter(r -> r.get("benchmark").equals(benchmark) && "ok".equals(r.get("status"))).toList();
    }

    private static String slug(String s) {
        return s.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT);
    }

    private void hardwareComparison() throws IOException {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (RunData r : runs) {
            if (r.performance() == null) continue;
            for (Map<String, String> row : ok(r.performance(), "forward")) {
                String key = row.get("model") + " " + row.get("device") + " @ " + row.get("host") + " (" + row.get("cpu") + ", GPU "
                        + row.get("gpu") + ")";
                series.computeIfAbsent(key, k -> new ArrayList<>()).add(new double[] {
                        CsvTable.num(row.get("batch_size")), CsvTable.num(row.get("images_per_s"))});
            }
        }
        series.values().forEach(l -> l.sort(Comparator.comparingDouble(p -> p[0])));
        chart("Hardware comparison: forward throughput", "hardware-forward.png",
                Charts.png(Charts.lines("Forward pass throughput by machine", "batch size", "images/s", series, true, true)),
                "Forward-pass throughput of each model on each run's machine (rows labelled with host, CPU and GPU).");
    }

    private void throughput(RunData run) throws IOException {
        CsvTable t = run.performance();
        for (String model : distinct(t, "model")) {
            for (String device : distinct(t, "device")) {
                Map<String, List<double[]>> series = new LinkedHashMap<>();
                for (Map<String, String> row : t.rows()) {
                    if (!"ok".equals(row.get("status")) || !row.get("model").equals(model) || !row.get("device").equals(device)) continue;
                    String b = row.get("benchmark");
                    if (!b.equals("score") && !b.equals("forward")) continue;
                    String name = b.equals("forward") ? "forward (model only)" : row.get("detector");
                    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {
                            CsvTable.num(row.get("batch_size")), CsvTable.num(row.get("images_per_s"))});
                }
                if (series.isEmpty()) continue;
                series.values().forEach(l -> l.sort(Comparator.comparingDouble(p -> p[0])));
                chart("Throughput: " + model + " on " + device + " (" + run.label() + ")",
                        slug(run.label() + "-" + model + "-" + device + "-throughput") + ".png",
                        Charts.png(Charts.lines(model + " on " + device + ": images/s by batch size", "batch size", "images/s",
                                series, true, true), Charts.WIDTH, 640),
                        "Images scored per second (JMH average time per batch), one line per detector; log axes.");
            }
        }
    }

    private void speedup(RunData run) throws IOException {
        CsvTable t = run.performance();
        Map<String, Double> cpu = new LinkedHashMap<>();
        Map<String, Double> gpu = new LinkedHashMap<>();
        for (Map<String, String> row : ok(t, "score")) {
            String k = row.get("model") + "|" + row.get("detector") + "|" + row.get("batch_size");
            (row.get("device").equals("gpu") ? gpu : cpu).put(k, CsvTable.num(row.get("score")));
        }
        if (gpu.isEmpty()) {
            long skipped = t.rows().stream().filter(r -> r.get("device").equals("gpu") && "skipped".equals(r.get("status"))).count();
            add("CPU vs GPU speed-up (" + run.label() + ")", "<p>No GPU rows ran in this run" + (skipped > 0
                    ? " (" + skipped + " GPU combinations skipped: " + esc(firstNote(t, "gpu")) + ")" : "") + ", so there is no speed-up to show.</p>",
                    "No GPU rows ran in this run" + (skipped > 0 ? " (" + skipped + " skipped)" : "") + ".\n");
            return;
        }
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (String k : cpu.keySet()) {
            if (!gpu.containsKey(k)) continue;
            String[] p = k.split("\\|");
            series.computeIfAbsent(p[0] + " " + p[1], x -> new ArrayList<>()).add(new double[] {Double.parseDouble(p[2]), cpu.get(k) / gpu.get(k)});
        }
        series.values().forEach(l -> l.sort(Comparator.comparingDouble(p -> p[0])));
        chart("CPU vs GPU speed-up (" + run.label() + ")", slug(run.label()) + "-speedup.png",
                Charts.png(Charts.lines("GPU speed-up over CPU (time CPU / time GPU)", "batch size", "speed-up", series, true, true)),
                "Time per batch on CPU divided by time on GPU, same run, per detector and batch size.");
    }

    private static String firstNote(CsvTable t, String device) {
        return t.rows().stream().filter(r -> r.get("device").equals(device) && !r.getOrDefault("note", "").isEmpty())
                .map(r -> r.get("note")).findFirst().orElse("");
    }

    private void overhead(RunData run) throws IOException {
        CsvTable t = run.performance();
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int biggest = ok(t, "score").stream().mapToInt(r -> Integer.parseInt(r.get("batch_size"))).max().orElse(0);
        for (Map<String, String> row : ok(t, "score")) {
            String o = row.getOrDefault("overhead_vs_forward", "");
            if (o.isEmpty() || Integer.parseInt(row.get("batch_size")) != biggest) continue;
            data.addValue(100 * CsvTable.num(o), row.get("model") + " " + row.get("device"), row.get("detector"));
        }
        if (data.getColumnCount() == 0) return;
        chart("Detector overhead vs forward (" + run.label() + ")", slug(run.label()) + "-overhead.png",
                Charts.png(Charts.bars("Score path time over forward time - 1, batch " + biggest, "detector", "overhead %", data),
                        Charts.WIDTH, 120 + 22 * data.getColumnCount() * Math.max(1, data.getRowCount())),
                "Extra time of each detector's in-graph score over the model's forward pass at batch " + biggest
                        + " (differences within a few percent are noise on a shared machine).");
    }

    private void pareto(RunData run) throws IOException {
        for (String model : distinct(run.accuracy(), "model")) {
            int biggest = ok(run.performance(), "score").stream().filter(r -> r.get("model").equals(model))
                    .mapToInt(r -> Integer.parseInt(r.get("batch_size"))).max().orElse(0);
            List<double[]> pts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Map<String, String> row : ok(run.performance(), "score")) {
                if (!row.get("model").equals(model) || !row.get("device").equals("cpu")
                        || Integer.parseInt(row.get("batch_size")) != biggest) continue;
                double auroc = run.accuracy().rows().stream().filter(a -> a.get("model").equals(model)
                                && a.get("detector").equals(row.get("detector")) && a.get("ood_dataset").equals("far-average"))
                        .mapToDouble(a -> CsvTable.num(a.get("auroc"))).findFirst().orElse(Double.NaN);
                if (Double.isNaN(auroc)) continue;
                pts.add(new double[] {CsvTable.num(row.get("images_per_s")), auroc});
                names.add(row.get("detector"));
            }
            if (pts.isEmpty()) continue;
            Map<String, List<double[]>> series = new LinkedHashMap<>();
            List<double[]> front = new ArrayList<>();
            for (int i = 0; i < pts.size(); i++) {
                double[] p = pts.get(i);
                boolean dominated = pts.stream().anyMatch(q -> q != p && q[0] >= p[0] && q[1] >= p[1] && (q[0] > p[0] || q[1] > p[1]));
                series.computeIfAbsent(names.get(i), k -> new ArrayList<>()).add(p);
                if (!dominated) front.add(p);
            }
            front.sort(Comparator.comparingDouble(p -> p[0]));
            var chart = Charts.scatter(model + ": far-OOD AUROC against throughput (cpu, batch " + biggest + ")", "images/s",
                    "AUROC (far-OOD average)", series, true);
            var frontSeries = new org.jfree.data.xy.XYSeries("Pareto front");
            for (double[] p : front) frontSeries.add(p[0], p[1]);
            var plot = chart.getXYPlot();
            plot.setDataset(1, new org.jfree.data.xy.XYSeriesCollection(frontSeries));
            var r = new org.jfree.chart.renderer.xy.XYLineAndShapeRenderer(true, false);
            r.setSeriesPaint(0, java.awt.Color.BLACK);
            r.setSeriesStroke(0, new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_ROUND, java.awt.BasicStroke.JOIN_ROUND,
                    1f, new float[] {6f, 4f}, 0f));
            plot.setRenderer(1, r);
            chart("Quality against speed: " + model + " (" + run.label() + ")", slug(run.label() + "-" + model) + "-pareto.png",
                    Charts.png(chart, Charts.WIDTH, 600), "Each detector's far-OOD average AUROC against its throughput; "
                            + "the dashed line joins the detectors no other beats on both.");
        }
    }

    private void scorePlots(RunData run) throws IOException {
        Path scores = run.source().resolve("scores");
        if (!Files.isDirectory(scores)) {
            add("Score histograms and ROC curves (" + run.label() + ")", "<p>This run saved no per-sample scores "
                    + "(run <code>oodbench eval --save-scores</code> or the benchmark suite to get them).</p>", "No per-sample scores saved.\n");
            return;
        }
        for (String model : distinct(run.accuracy(), "model")) {
            List<Map<String, String>> rows = run.accuracy().rows().stream().filter(r -> r.get("model").equals(model)
                    && "ok".equals(r.get("status")) && !r.get("ood_dataset").endsWith("-average")).toList();
            if (rows.isEmpty()) continue;
            String idSet = rows.get(0).get("id_dataset");
            String oodSet = rows.get(0).get("ood_dataset");
            Map<String, List<double[]>> rocs = new LinkedHashMap<>();
            List<Map<String, String>> ranked = rows.stream().filter(r -> r.get("ood_dataset").equals(oodSet))
                    .sorted(Comparator.comparingDouble(r -> -CsvTable.num(r.get("auroc")))).toList();
            StringBuilder grid = new StringBuilder("<div class=\"grid\">");
            StringBuilder md = new StringBuilder();
            for (Map<String, String> r : ranked) {
                Path dir = scores.resolve(model).resolve(r.get("detector"));
                Path idFile = dir.resolve(idSet + ".txt");
                Path oodFile = dir.resolve(oodSet + ".txt");
                if (!Files.isRegularFile(idFile) || !Files.isRegularFile(oodFile)) continue;
                double[] id = readScores(idFile);
                double[] ood = readScores(oodFile);
                RocCurve roc = RocCurve.of(id, ood);
                if (rocs.size() < 8) {
                    List<double[]> pts = new ArrayList<>();
                    double[] fpr = roc.fpr();
                    double[] tpr = roc.tpr();
                    int step = Math.max(1, fpr.length / 400); // plotting only: the metrics use every point
                    for (int i = 0; i < fpr.length; i += step) pts.add(new double[] {fpr[i], tpr[i]});
                    pts.add(new double[] {1, 1});
                    rocs.put(String.format(Locale.ROOT, "%s (AUROC %.3f)", r.get("detector"), roc.auroc()), pts);
                }
                String name = slug(run.label() + "-" + model + "-" + r.get("detector")) + "-hist.png";
                byte[] png = Charts.png(Charts.histogram(r.get("detector"), id, ood, idSet, oodSet), 440, 300);
                img(name, png);
                grid.append("<img class=\"small\" alt=\"").append(esc(r.get("detector"))).append("\" src=\"data:image/png;base64,")
                        .append(Base64.getEncoder().encodeToString(png)).append("\">");
                md.append("![").append(r.get("detector")).append("](report-files/").append(name).append(") ");
            }
            grid.append("</div>");
            if (!rocs.isEmpty()) {
                chart("ROC curves: " + model + ", " + idSet + " vs " + oodSet, slug(run.label() + "-" + model) + "-roc.png",
                        Charts.png(Charts.lines("ROC, OOD positive: " + idSet + " vs " + oodSet + " (best 8)", "false positive rate (ID flagged)",
                                "true positive rate (OOD caught)", rocs, false, false), Charts.WIDTH, 620),
                        "Exact ROC curves (ties grouped) of the eight best detectors by AUROC.");
            }
            add("Score histograms: " + model + ", " + idSet + " vs " + oodSet, "<p>ID and OOD score distributions per detector "
                    + "(best AUROC first); the less they overlap, the better.</p>" + grid, md + "\n");
        }
    }

    private static double[] readScores(Path f) throws IOException {
        return Files.readAllLines(f).stream().filter(s -> !s.isBlank()).mapToDouble(Double::parseDouble).toArray();
    }

    private void metricsTable(RunData run) {
        String[] cols = {"model", "detector", "OOD set", "AUROC [95% CI]", "FPR95 [95% CI]", "AUPR-In", "AUPR-Out", "det. error"};
        StringBuilder h = new StringBuilder("<table><tr>");
        for (String c : cols) h.append("<th>").append(c).append("</th>");
        h.append("</tr>");
        StringBuilder m = new StringBuilder("| " + String.join(" | ", cols) + " |\n|" + "---|".repeat(cols.length) + "\n");
        for (Map<String, String> r : run.accuracy().rows()) {
            String[] c;
            if (!"ok".equals(r.get("status"))) {
                c = new String[] {r.get("model"), r.get("detector"), r.get("ood_dataset"), "skipped", "", "", "", ""};
            } else {
                c = new String[] {r.get("model"), r.get("detector"), r.get("ood_dataset"),
                        ci(r, "auroc"), ci(r, "fpr95"), f4(r.get("aupr_in")), f4(r.get("aupr_out")), f4(r.get("detection_error"))};
            }
            h.append("<tr>");
            for (String x : c) h.append("<td>").append(esc(x)).append("</td>");
            h.append("</tr>");
            m.append("| ").append(String.join(" | ", c)).append(" |\n");
        }
        h.append("</table>");
        add("Every metric (" + run.label() + ")", "<p>Fractions; OOD is the positive class; FPR95 at the first threshold "
                + "with TPR &ge; 0.95 (ties grouped); intervals are percentile-bootstrap 95% bounds.</p>" + h, m.toString());
    }

    private static String ci(Map<String, String> r, String metric) {
        String lo = r.get(metric + "_lo");
        return f4(r.get(metric)) + (lo == null || lo.isEmpty() ? "" : " [" + f4(lo) + ", " + f4(r.get(metric + "_hi")) + "]");
    }

    private static String f4(String s) {
        double v = CsvTable.num(s);
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static List<String> distinct(CsvTable t, String col) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(t.rows().stream().map(r -> r.get(col)).toList()));
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private String html() {
        StringBuilder sb = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>oodbench report</title><style>"
                + "body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
                + "h1{font-size:1.8em}h2{font-size:1.3em;margin-top:2em;border-bottom:1px solid #ddd}"
                + "table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}"
                + "th{background:#f3f3f3}img{max-width:100%}.grid{display:flex;flex-wrap:wrap;gap:6px}.small{width:440px}"
                + "</style></head><body><h1>oodbench report</h1>");
        sb.append("<p>Generated ").append(java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))
                .append(" from ").append(runs.size()).append(" run(s). Timings are JMH averages on a shared machine: compare them as ratios within a run.</p>");
        for (String[] s : sections) sb.append("<h2>").append(esc(s[0])).append("</h2>").append(s[1]);
        return sb.append("</body></html>\n").toString();
    }

    private String markdown() {
        StringBuilder sb = new StringBuilder("# oodbench report\n\n");
        for (String[] s : sections) sb.append("## ").append(s[0]).append("\n\n").append(s[2]).append("\n");
        return sb.toString();
    }
}
