package dev.oodbench.results;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.metrics.Bootstrap;
import dev.oodbench.metrics.OodMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Synthetic runs for the results tests, written through the real writers. The numbers are made up
 * for the tests and live only in temporary folders.
 */
public final class Fixtures {
    private Fixtures() {}

    public static RunInfo info(String id, String time, String host, String gpu) {
        return new RunInfo(id, time, "0.1.0-test", "0123456789abcdef0123456789abcdef01234567", host, "Test CPU 3000", 4, gpu,
                "17.0.15", "2.18.0");
    }

    /** An ok performance row; images/s from the batch size. */
    public static PerformanceRow perf(RunInfo run, String bench, String model, String detector, int batch, String device,
                                      double ms, double err) {
        double ips = bench.equals("fit") ? Double.NaN : batch * 1000.0 / ms;
        return new PerformanceRow(PerformanceCsv.SCHEMA_VERSION, run, new PerformanceRow.Key(bench, model, detector,
                bench.equals("fit") ? "" : Integer.toString(batch), device, "0"), "avgt",
                new PerformanceRow.Timing(ms, err, "ms/op", 2, 5), ips, PerformanceRow.Overhead.NONE, "ok", "", "-Xmx4g",
                Double.NaN);
    }

    public static AccuracyRow acc(RunInfo run, String model, String detector, String ood, String group, double auroc,
                                  double halfWidth) {
        OodMetrics m = new OodMetrics(auroc, 1 - auroc, 0.3, auroc, 0.9, 0.91, 0.1, 5139, 4861);
        Bootstrap.Intervals ci = new Bootstrap.Intervals(auroc - halfWidth, Math.min(1, auroc + halfWidth),
                Math.max(0, 1 - auroc - 2 * halfWidth), Math.min(1, 1 - auroc + 2 * halfWidth), 1000);
        return new AccuracyRow(run, "cpu", new EvalRow(model, 0.99, detector, "", "mnist04-test", ood, group, m, ci,
                EvalRow.OK, "", 0.5, 2.0));
    }

    /** One JMH result object in JMH 1.37's JSON layout, raw data per fork per iteration. */
    public static String jmhEntry(String fqn, String model, String detector, Integer batch, String device, double[][] raw) {
        int n = 0;
        double sum = 0;
        for (double[] f : raw) for (double v : f) {
            sum += v;
            n++;
        }
        double mean = sum / n;
        StringBuilder rd = new StringBuilder("[");
        for (int f = 0; f < raw.length; f++) {
            rd.append(f == 0 ? "" : ",").append("\n                [");
            for (int i = 0; i < raw[f].length; i++) rd.append(i == 0 ? "" : ", ").append(raw[f][i]);
            rd.append("]");
        }
        rd.append("\n            ]");
        StringBuilder params = new StringBuilder();
        if (batch != null) params.append("            \"batchSize\" : \"").append(batch).append("\",\n");
        if (detector != null) params.append("            \"detector\" : \"").append(detector).append("\",\n");
        params.append("            \"device\" : \"").append(device).append("\",\n");
        params.append("            \"model\" : \"").append(model).append("\",\n");
        params.append("            \"threads\" : \"0\"\n");
        return String.format(Locale.ROOT, """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "%s",
                    "mode" : "avgt",
                    "threads" : 1,
                    "forks" : %d,
                    "jvm" : "/usr/lib/jvm/java-17-openjdk-amd64/bin/java",
                    "jvmArgs" : [
                        "-Xmx4g",
                        "-Doodbench.home=."
                    ],
                    "jdkVersion" : "17.0.15",
                    "vmName" : "OpenJDK 64-Bit Server VM",
                    "vmVersion" : "17.0.15+6-Debian-1deb12u1",
                    "warmupIterations" : 1,
                    "warmupTime" : "300 ms",
                    "warmupBatchSize" : 1,
                    "measurementIterations" : %d,
                    "measurementTime" : "200 ms",
                    "measurementBatchSize" : 1,
                    "params" : {
                %s        },
                    "primaryMetric" : {
                        "score" : %s,
                        "scoreError" : %s,
                        "scoreConfidence" : [
                            %s,
                            %s
                        ],
                        "scorePercentiles" : {
                            "0.0" : %s,
                            "100.0" : %s
                        },
                        "scoreUnit" : "ms/op",
                        "rawData" : %s
                    },
                    "secondaryMetrics" : {
                    }
                }""", fqn, raw.length, raw[0].length, params, mean, n > 1 ? Double.toString(mean * 0.05) : "\"NaN\"",
                mean * 0.95, mean * 1.05, mean * 0.9, mean * 1.1, rd);
    }

    public static String jmhFile(List<String> entries) {
        return "[\n" + String.join(",\n", entries) + "\n]\n";
    }

    /** {@code forks} x {@code iterations} samples around {@code mean} with relative spread {@code spread}. */
    public static double[][] samples(double mean, double spread, int forks, int iterations, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] raw = new double[forks][iterations];
        for (double[] f : raw) for (int i = 0; i < f.length; i++) f[i] = mean * (1 + spread * (2 * rng.nextDouble() - 1));
        return raw;
    }

    /**
     * A complete run folder: run.properties, jmh.json, performance.csv (skipped GPU rows when
     * {@code gpu} is false), accuracy.csv with near/far rows and averages, and per-sample score files.
     */
    public static Path fullRun(Path results, String id, String time, String host, boolean gpu, double speedFactor)
            throws IOException {
        RunInfo run = info(id, time, host, gpu ? "Test GPU 80GB" : "none");
        Path dir = run.runDir(results);
        List<String> json = new ArrayList<>();
        List<PerformanceRow> notRun = new ArrayList<>();
        String model = "mnist04-convnet";
        List<String> detectors = List.of("mls", "energy", "knn", "vim");
        double[] cost = {1.01, 1.02, 1.9, 1.15};
        long seed = 1;
        for (String device : List.of("cpu", "gpu")) {
            for (int b : new int[] {1, 8, 64, 256}) {
                if (device.equals("gpu") && !gpu) {
                    notRun.add(PerformanceRow.skipped(run, "forward", model, "", Integer.toString(b), device, "0",
                            "no GPU visible to TensorFlow on this machine"));
                    for (String d : detectors) {
                        notRun.add(PerformanceRow.skipped(run, "score", model, d, Integer.toString(b), device, "0",
                                "no GPU visible to TensorFlow on this machine"));
                    }
                    continue;
                }
                double fwd = speedFactor * (device.equals("gpu") ? 0.3 + b * 0.004 : 0.4 + b * 0.045);
                json.add(jmhEntry("dev.oodbench.bench.ForwardBenchmark.forward", model, null, b, device,
                        samples(fwd, 0.03, 2, 5, seed++)));
                for (int k = 0; k < detectors.size(); k++) {
                    json.add(jmhEntry("dev.oodbench.bench.ScoreBenchmark.score", model, detectors.get(k), b, device,
                            samples(fwd * cost[k], 0.03, 2, 5, seed++)));
                }
            }
        }
        json.add(jmhEntry("dev.oodbench.bench.FitBenchmark.fit", model, "knn", null, "cpu", samples(800, 0.05, 1, 3, seed)));
        Files.createDirectories(dir);
        AtomicFiles.writeString(dir.resolve("jmh.json"), jmhFile(json));
        JmhImport.writeRun(dir, run, notRun);
        run.write(dir);

        List<AccuracyRow> acc = new ArrayList<>();
        double[] quality = {0.93, 0.935, 0.97, 0.96};
        SplittableRandom rng = new SplittableRandom(7);
        String[] oods = {"mnist59-test", "notmnist-test", "gaussian"};
        String[] groups = {"near", "far", "far"};
        for (int k = 0; k < detectors.size(); k++) {
            String d = detectors.get(k);
            double[] idScores = new double[2000];
            for (int i = 0; i < idScores.length; i++) idScores[i] = gauss(rng);
            ScoreFiles.write(dir, model, d, "mnist04-test", idScores);
            double farSum = 0;
            for (int o = 0; o < oods.length; o++) {
                double shift = 2.1 + 1.2 * k + o;
                double[] ood = new double[1000];
                for (int i = 0; i < ood.length; i++) ood[i] = gauss(rng) + shift * quality[k] / 2;
                ScoreFiles.write(dir, model, d, oods[o], ood);
                double auroc = OodMetrics.compute(idScores, ood).auroc();
                acc.add(acc(run, model, d, oods[o], groups[o], auroc, 0.004));
                if (o > 0) farSum += auroc;
            }
            acc.add(withNoInterval(acc(run, model, d, "near-average", "near", acc.get(acc.size() - 3).auroc(), 0)));
            acc.add(withNoInterval(acc(run, model, d, "far-average", "far", farSum / 2, 0)));
        }
        acc.add(skipped(run, model, "mls", "fashion-mnist-test", "far", "dataset file missing"));
        AccuracyCsv.write(dir.resolve("accuracy.csv"), acc);
        return dir;
    }

    public static AccuracyRow withNoInterval(AccuracyRow a) {
        EvalRow e = a.eval();
        return new AccuracyRow(a.run(), a.device(), new EvalRow(e.model(), e.modelAccuracy(), e.detector(),
                e.detectorParams(), e.idSet(), e.oodSet(), e.group(), e.metrics(), Bootstrap.Intervals.none(), e.status(),
                "plain average", e.fitSeconds(), e.scoreSeconds()));
    }

    /** A row for an OOD set that was not evaluated (5139 ID images). */
    public static AccuracyRow skipped(RunInfo run, String model, String detector, String ood, String group, String note) {
        return new AccuracyRow(run, "cpu", new EvalRow(model, 0.99, detector, "", "mnist04-test", ood, group,
                OodMetrics.none(5139), Bootstrap.Intervals.none(), EvalRow.SKIPPED, note, Double.NaN, Double.NaN));
    }

    private static double gauss(SplittableRandom rng) {
        double u = rng.nextDouble();
        double v = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
