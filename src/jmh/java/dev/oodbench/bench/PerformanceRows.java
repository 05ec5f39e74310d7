package dev.oodbench.bench;

import dev.oodbench.results.CsvTable;
import dev.oodbench.results.PerformanceCsv;
import dev.oodbench.results.RunInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Turns JMH's results (plus skipped and failed combinations) into performance CSV rows. */
final class PerformanceRows {
    private final RunInfo run;
    private final List<Map<String, String>> rows = new ArrayList<>();

    PerformanceRows(RunInfo run) {
        this.run = run;
    }

    void addResults(Collection<RunResult> results) {
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            Result<?> primary = r.getPrimaryResult();
            String bench = p.getBenchmark().substring(p.getBenchmark().lastIndexOf('.') + 1);
            Map<String, String> m = base(bench, param(p, "model"), param(p, "detector"), param(p, "batchSize"),
                    param(p, "device"), param(p, "threads"));
            m.put("mode", p.getMode().shortLabel());
            m.put("score", CsvTable.num(primary.getScore()));
            m.put("score_error", CsvTable.num(primary.getScoreError()));
            m.put("unit", primary.getScoreUnit());
            String bs = param(p, "batchSize");
            if (!bs.isEmpty() && primary.getScoreUnit().equals("ms/op") && !bench.equals("fit")) {
                m.put("images_per_s", CsvTable.num(Integer.parseInt(bs) * 1000.0 / primary.getScore()));
            }
            m.put("status", "ok");
            m.put("forks", Integer.toString(p.getForks()));
            m.put("iterations", Integer.toString(p.getMeasurement().getCount()));
            m.put("jvm_args", String.join(" ", p.getJvmArgs()));
            rows.add(m);
        }
    }

    void addStatus(String bench, String model, String detector, String batchSize, String device, String threads,
                   String status, String note) {
        Map<String, String> m = base(bench, model, detector, batchSize, device, threads);
        m.put("status", status);
        m.put("note", note);
        rows.add(m);
    }

    /** Sets overhead_vs_forward on every ok score row that has a matching ok forward row. */
    void computeOverheads() {
        Map<String, Double> forward = new LinkedHashMap<>();
        for (Map<String, String> r : rows) {
            if (r.get("benchmark").equals("forward") && r.get("status").equals("ok")) {
                forward.put(key(r), CsvTable.num(r.get("score")));
            }
        }
        for (Map<String, String> r : rows) {
            Double f = forward.get(key(r));
            if (r.get("benchmark").equals("score") && r.get("status").equals("ok") && f != null) {
                r.put("overhead_vs_forward", CsvTable.num(CsvTable.num(r.get("score")) / f - 1));
            }
        }
    }

    /** Combinations that were asked for but have no row: JMH dropped them because the trial failed. */
    boolean has(String bench, String model, String detector, String batchSize, String device, String threads) {
        return rows.stream().anyMatch(r -> r.get("benchmark").equals(bench) && r.get("model").equals(model)
                && r.get("detector").equals(detector) && r.get("batch_size").equals(batchSize)
                && r.get("device").equals(device) && r.get("threads").equals(threads));
    }

    CsvTable table() {
        return new CsvTable(PerformanceCsv.COLUMNS, rows);
    }

    private static String key(Map<String, String> r) {
        return r.get("model") + "|" + r.get("batch_size") + "|" + r.get("device") + "|" + r.get("threads");
    }

    private Map<String, String> base(String bench, String model, String detector, String batchSize, String device,
                                     String threads) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("schema_version", PerformanceCsv.SCHEMA_VERSION);
        m.put("run_id", run.runId());
        m.put("timestamp_utc", run.timestampUtc());
        m.put("suite_version", run.suiteVersion());
        m.put("git_commit", run.gitCommit());
        m.put("benchmark", bench);
        m.put("model", model);
        m.put("detector", detector);
        m.put("batch_size", batchSize);
        m.put("device", device);
        m.put("threads", threads);
        m.put("host", run.host());
        m.put("cpu", run.cpu());
        m.put("cores", Integer.toString(run.cores()));
        m.put("gpu", run.gpu());
        m.put("java_version", run.javaVersion());
        m.put("tf_version", run.tfVersion());
        return m;
    }

    private static String param(BenchmarkParams p, String key) {
        String v = p.getParam(key);
        return v == null ? "" : v;
    }
}
