package dev.oodbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * What identifies a run and the machine it ran on: run id, UTC time, suite version, git commit
 * (with {@code -dirty} when the tree had changes), host, CPU, cores, GPU, Java and TensorFlow
 * versions. Stored as {@code run.properties} in the run folder and copied into every CSV row.
 */
public record RunInfo(String runId, String timestampUtc, String suiteVersion, String gitCommit, String host,
                      String cpu, int cores, String gpu, String javaVersion, String tfVersion) {

    public static RunInfo collect() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String host = detectHost();
        String commit = detectGitCommit();
        String shortCommit = commit.length() >= 7 && !commit.startsWith("unknown") ? commit.substring(0, 7) : "nocommit";
        String id = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(now) + "-"
                + host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + shortCommit;
        return new RunInfo(id, DateTimeFormatter.ISO_INSTANT.format(now), detectSuiteVersion(), commit, host, detectCpu(),
                Runtime.getRuntime().availableProcessors(), detectGpu(), System.getProperty("java.version"),
                org.tensorflow.TensorFlow.version());
    }

    /** The folder of this run under {@code results}: {@code results/runs/<run-id>}. */
    public Path runDir(Path results) {
        return results.resolve("runs").resolve(runId);
    }

    public void write(Path runDir) throws IOException {
        Properties p = new Properties();
        toMap().forEach(p::setProperty);
        AtomicFiles.write(runDir.resolve("run.properties"), w -> p.store(w, "oodbench run"));
    }

    public static RunInfo read(Path runDir) throws IOException {
        Path f = runDir.resolve("run.properties");
        if (!Files.isRegularFile(f)) throw new java.io.FileNotFoundException(runDir + ": no run.properties; is it a run folder?");
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(f)) {
            p.load(r);
        }
        return new RunInfo(p.getProperty("run_id"), p.getProperty("timestamp_utc"), p.getProperty("suite_version"),
                p.getProperty("git_commit"), p.getProperty("host"), p.getProperty("cpu"),
                Integer.parseInt(p.getProperty("cores", "0")), p.getProperty("gpu"), p.getProperty("java_version"),
                p.getProperty("tf_version"));
    }

    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("run_id", runId);
        m.put("timestamp_utc", timestampUtc);
        m.put("suite_version", suiteVersion);
        m.put("git_commit", gitCommit);
        m.put("host", host);
        m.put("cpu", cpu);
        m.put("cores", Integer.toString(cores));
        m.put("gpu", gpu);
        m.put("java_version", javaVersion);
        m.put("tf_version", tfVersion);
        return m;
    }

    /** The hardware in one line, for report labels and comparisons. */
    public String hardware() {
        return host + " / " + cpu + " x" + cores + " / GPU " + gpu;
    }

    static String detectSuiteVersion() {
        String v = RunInfo.class.getPackage().getImplementationVersion();
        if (v != null) return v;
        Path pom = Path.of(System.getProperty("oodbench.home", "."), "pom.xml");
        try {
            String s = Files.readString(pom);
            int a = s.indexOf("<version>", s.indexOf("<artifactId>oodbench</artifactId>"));
            if (a > 0) return s.substring(a + 9, s.indexOf("</version>", a));
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        return "dev";
    }

    static String detectGitCommit() {
        String head = run("git", "rev-parse", "HEAD");
        if (head == null || head.isBlank()) return "unknown";
        String status = run("git", "status", "--porcelain", "--untracked-files=no");
        return head.trim() + (status != null && !status.isBlank() ? "-dirty" : "");
    }

    static String detectHost() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                h = "unknown-host";
            }
        }
        return h;
    }

    static String detectCpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String detectGpu() {
        String out = run("nvidia-smi", "--query-gpu=name", "--format=csv,noheader");
        return out == null || out.isBlank() ? "none" : out.lines().findFirst().orElse("none").trim();
    }

    private static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(Path.of(System.getProperty("oodbench.home", ".")).toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
