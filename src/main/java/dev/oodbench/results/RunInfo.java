package dev.oodbench.results;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.tensorflow.TensorFlow;

/**
 * What identifies a run and the machine it ran on, stored as {@code run.properties} (Java
 * properties, keys as the CSV column names: run_id, timestamp_utc, suite_version, git_commit, host,
 * cpu, cores, gpu, java_version, tf_version) in the run folder and copied into every CSV row.
 *
 * <ul>
 * <li>run id: {@code yyyyMMdd-HHmmss-<host>-<short commit>} (UTC), e.g. {@code 20261123-042355-vm-2fa8e3d};
 * <li>timestamp: ISO-8601 UTC, seconds, e.g. {@code 2026-11-23T04:23:55Z};
 * <li>suite version: the jar manifest's Implementation-Version, else the version in {@code pom.xml} of the
 *     working folder ({@code -Doodbench.home}, else the current folder), else {@code dev};
 * <li>git commit: {@code git rev-parse HEAD} there, with {@code -dirty} when {@code git status --porcelain}
 *     lists anything, {@code unknown} without git;
 * <li>cpu: {@code model name} from /proc/cpuinfo; gpu: {@code nvidia-smi --query-gpu=name} or {@code none};
 * <li>tf version: {@code org.tensorflow.TensorFlow.version()} and whether TensorFlow's oneDNN kernels are on
 *     ({@code TF_ENABLE_ONEDNN_OPTS}; on when unset, TensorFlow's own default on x86 Linux), e.g.
 *     {@code 2.18.0 oneDNN on}: the two kernel sets run at different speeds, so {@code compare} names the
 *     difference when two runs disagree;
 * <li>machine: the rest of what tells two machines apart, in run.properties only ({@link Machine}).
 * </ul>
 */
public record RunInfo(String runId, String timestampUtc, String suiteVersion, String gitCommit, String host,
                      String cpu, int cores, String gpu, String javaVersion, String tfVersion, Machine machine) {

    public static final String FILE_NAME = "run.properties";

    /** A run described without the machine details (rows read back from a CSV carry none). */
    public RunInfo(String runId, String timestampUtc, String suiteVersion, String gitCommit, String host, String cpu,
                   int cores, String gpu, String javaVersion, String tfVersion) {
        this(runId, timestampUtc, suiteVersion, gitCommit, host, cpu, cores, gpu, javaVersion, tfVersion, Machine.UNKNOWN);
    }

    public RunInfo {
        machine = machine == null ? Machine.UNKNOWN : machine;
    }

    /**
     * What tells two machines apart beyond the CPU model, core count and GPU name, stored in
     * run.properties under {@code machine.*}; empty text where it could not be read.
     *
     * @param cpuFlags  the CPU's instruction-set extensions that matter to TensorFlow's kernels, from the
     *                  {@code flags} line of /proc/cpuinfo (e.g. {@code SSE4.2 AVX AVX2 FMA AVX-512F AVX-512-VNNI})
     * @param memory    total memory (/proc/meminfo's MemTotal), e.g. {@code 15.6 GiB}
     * @param os        the operating system: /etc/os-release's PRETTY_NAME and the kernel, else Java's os.name and os.version
     * @param tfBuild   the TensorFlow native library in use (its jar, e.g. {@code tensorflow-core-native-1.1.0-linux-x86_64})
     * @param gpuDriver the NVIDIA driver version ({@code nvidia-smi}), empty without a GPU
     */
    public record Machine(String cpuFlags, String memory, String os, String tfBuild, String gpuDriver) {
        public static final Machine UNKNOWN = new Machine("", "", "", "", "");

        public Machine {
            cpuFlags = cpuFlags == null ? "" : cpuFlags;
            memory = memory == null ? "" : memory;
            os = os == null ? "" : os;
            tfBuild = tfBuild == null ? "" : tfBuild;
            gpuDriver = gpuDriver == null ? "" : gpuDriver;
        }

        /** The flags (as /proc/cpuinfo names them) worth recording, and how they are shown. */
        static final List<String[]> FLAGS = List.of(new String[] {"sse4_2", "SSE4.2"}, new String[] {"avx", "AVX"},
                new String[] {"avx2", "AVX2"}, new String[] {"fma", "FMA"}, new String[] {"f16c", "F16C"},
                new String[] {"avx512f", "AVX-512F"}, new String[] {"avx512bw", "AVX-512BW"},
                new String[] {"avx512_vnni", "AVX-512-VNNI"}, new String[] {"avx512_bf16", "AVX-512-BF16"},
                new String[] {"avx_vnni", "AVX-VNNI"}, new String[] {"amx_tile", "AMX"}, new String[] {"asimd", "NEON"});

        /** The recorded extensions of a /proc/cpuinfo {@code flags} line, in a fixed order. */
        static String cpuFlags(String flagsLine) {
            java.util.Set<String> have = new java.util.HashSet<>(List.of(flagsLine.trim().split("\\s+")));
            List<String> out = new java.util.ArrayList<>();
            for (String[] f : FLAGS) if (have.contains(f[0])) out.add(f[1]);
            return out.isEmpty() ? "none of " + FLAGS.stream().map(f -> f[1]).toList() : String.join(" ", out);
        }

        /** MemTotal of /proc/meminfo ("16318412 kB") as GiB with one decimal. */
        static String memory(String memTotalLine) {
            String[] p = memTotalLine.replaceAll("^MemTotal:", "").trim().split("\\s+");
            try {
                return String.format(java.util.Locale.ROOT, "%.1f GiB", Long.parseLong(p[0]) / 1024.0 / 1024.0);
            } catch (RuntimeException e) {
                return "";
            }
        }

        static Machine collect() {
            String flags = "";
            String mem = "";
            try {
                for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                    if (line.startsWith("flags") || line.startsWith("Features")) {
                        flags = cpuFlags(line.substring(line.indexOf(':') + 1));
                        break;
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // not Linux
            }
            try {
                for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                    if (line.startsWith("MemTotal")) mem = memory(line);
                }
            } catch (IOException | RuntimeException ignored) {
                // not Linux
            }
            String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
            try {
                for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                    if (line.startsWith("PRETTY_NAME=")) {
                        os = line.substring("PRETTY_NAME=".length()).replace("\"", "") + ", kernel " + System.getProperty("os.version");
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // no os-release: Java's names
            }
            String driver = run("nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader");
            driver = driver == null ? "" : driver.lines().map(String::trim).filter(x -> !x.isEmpty()).distinct()
                    .collect(java.util.stream.Collectors.joining(" + "));
            return new Machine(flags, mem, os, tfBuild(System.getProperty("java.class.path", "")), driver);
        }

        /**
         * The TensorFlow native jar in use, without its folder and {@code .jar}: of the jars on the class path
         * (the launcher's jar names its libraries in its manifest), the {@code tensorflow-core-native} one with
         * a platform classifier, such as {@code -linux-x86_64} or {@code -linux-x86_64-gpu}; empty when none is.
         */
        static String tfBuild(String classPath) {
            List<String> jars = new java.util.ArrayList<>(List.of(classPath.split(java.io.File.pathSeparator)));
            try {
                var urls = RunInfo.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
                while (urls.hasMoreElements()) {
                    String u = urls.nextElement().toString();
                    int bang = u.indexOf("!/");
                    if (bang > 0) jars.add(u.substring(0, bang));
                }
            } catch (IOException | RuntimeException ignored) {
                // the class path alone
            }
            return tfBuild(jars);
        }

        static String tfBuild(List<String> jars) {
            String plain = "";
            for (String e : jars) {
                String n = e.substring(e.lastIndexOf('/') + 1);
                n = n.substring(n.lastIndexOf(java.io.File.separatorChar) + 1);
                if (!n.startsWith("tensorflow-core-native") || !n.endsWith(".jar")) continue;
                n = n.substring(0, n.length() - 4);
                if (n.matches(".*-(linux|macosx|windows).*")) return n;
                plain = n;
            }
            return plain;
        }

        Map<String, String> toMap() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("machine.cpu_flags", cpuFlags);
            m.put("machine.memory", memory);
            m.put("machine.os", os);
            m.put("machine.tf_build", tfBuild);
            m.put("machine.gpu_driver", gpuDriver);
            return m;
        }

        static Machine of(Properties p) {
            return new Machine(p.getProperty("machine.cpu_flags", ""), p.getProperty("machine.memory", ""),
                    p.getProperty("machine.os", ""), p.getProperty("machine.tf_build", ""), p.getProperty("machine.gpu_driver", ""));
        }
    }

    /** Describes this run on this machine, now. */
    public static RunInfo collect() {
        return collect(Instant.now());
    }

    static RunInfo collect(Instant when) {
        Instant now = when.truncatedTo(ChronoUnit.SECONDS);
        String host = detectHost();
        String commit = detectGitCommit();
        return new RunInfo(runId(now, host, commit), DateTimeFormatter.ISO_INSTANT.format(now), detectSuiteVersion(),
                commit, host, detectCpu(), Runtime.getRuntime().availableProcessors(), detectGpu(),
                System.getProperty("java.version"), detectTfVersion(), Machine.collect());
    }

    /** {@code yyyyMMdd-HHmmss-<host>-<first 7 of the commit>} (UTC); host made file-name safe. */
    static String runId(Instant when, String host, String commit) {
        String shortCommit = commit.length() >= 7 && !commit.startsWith("unknown") ? commit.substring(0, 7) : "nocommit";
        return DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(when) + "-"
                + host.replaceAll("[^A-Za-z0-9.-]", "_") + "-" + shortCommit;
    }

    /** A stand-in for a run whose run.properties is missing (e.g. a lone CSV or JSON file). */
    public static RunInfo unknown(String label) {
        return new RunInfo(label, "", "", "", "", "", 0, "", "", "");
    }

    /** The folder of this run under {@code results}: {@code results/runs/<run-id>}. */
    public Path runDir(Path results) {
        return results.resolve("runs").resolve(runId);
    }

    /**
     * Claims this run's folder under {@code results/runs}: creates it, never reuses one. When the name
     * is taken (two runs started in the same second on one machine and commit) the id gets a suffix
     * ({@code -2}, {@code -3}, ...); the returned run carries the id of the folder it got. A results
     * folder that cannot be written fails here, before any work, with one line naming it.
     */
    public RunInfo claimRunDir(Path results) throws IOException {
        if (results.toString().isBlank()) throw new IllegalArgumentException("the results folder is empty; name one");
        try {
            String id = claimFolder(results.resolve("runs"), runId).getFileName().toString();
            return new RunInfo(id, timestampUtc, suiteVersion, gitCommit, host, cpu, cores, gpu, javaVersion, tfVersion, machine);
        } catch (IOException e) {
            throw new IOException("results folder " + results + " cannot be written (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); make it writable or choose another results folder", e);
        }
    }

    /**
     * Creates {@code parent/name}, or {@code parent/name-2}, {@code -3}, ... when taken (by a run started in
     * the same second, or by another process right now): the folder returned belongs to the caller alone.
     * It starts out marked {@link #INCOMPLETE}; the run calls {@link #finish} once its results are written.
     */
    public static Path claimFolder(Path parent, String name) throws IOException {
        Files.createDirectories(parent);
        for (int i = 1; ; i++) {
            Path p = parent.resolve(i == 1 ? name : name + "-" + i);
            try {
                Files.createDirectory(p);
            } catch (FileAlreadyExistsException taken) {
                if (!Files.isDirectory(p)) throw taken;
                continue;
            }
            Files.writeString(p.resolve(INCOMPLETE), "a run started here at " + Instant.now() + " (process "
                    + ProcessHandle.current().pid() + ") and has not finished; removed when it does\n");
            return p;
        }
    }

    /**
     * The mark of a run folder whose run has not finished (still running, or killed, stopped by a full disk
     * or failed midway): such a folder is never read as a run ({@link RunData#read} refuses it).
     */
    public static final String INCOMPLETE = ".incomplete";

    /** Marks the run folder {@code dir} finished: every results file is in place. */
    public static void finish(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(INCOMPLETE));
    }

    /** Whether {@code dir} is a run folder whose run has not finished ({@link #INCOMPLETE}). */
    public static boolean incomplete(Path dir) {
        return Files.exists(dir.resolve(INCOMPLETE));
    }

    /** Writes {@code runDir/run.properties} atomically. */
    public void write(Path runDir) throws IOException {
        Properties p = new Properties();
        toMap().forEach(p::setProperty);
        machine.toMap().forEach(p::setProperty);
        AtomicFiles.write(runDir.resolve(FILE_NAME), w -> p.store(w, "oodbench run"));
    }

    /** Reads {@code runDir/run.properties}. */
    public static RunInfo read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(f)) throw new FileNotFoundException(runDir + ": no " + FILE_NAME + "; is it a run folder?");
        Properties p = new Properties();
        try (var r = Files.newBufferedReader(f)) {
            p.load(r);
        }
        int cores;
        try {
            cores = Integer.parseInt(p.getProperty("cores", "0").trim());
        } catch (NumberFormatException e) {
            cores = 0;
        }
        return new RunInfo(p.getProperty("run_id", runDir.getFileName().toString()), p.getProperty("timestamp_utc", ""),
                p.getProperty("suite_version", ""), p.getProperty("git_commit", ""), p.getProperty("host", ""),
                p.getProperty("cpu", ""), cores, p.getProperty("gpu", ""), p.getProperty("java_version", ""),
                p.getProperty("tf_version", ""), Machine.of(p));
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

    /** The hardware in one line, for report labels and comparisons: host / CPU xcores / GPU. */
    public String hardware() {
        return host + " / " + cpu + (cores > 0 ? " x" + cores : "") + " / GPU " + gpu;
    }

    /** The first 7 characters of the commit, plus {@code -dirty} when the tree had changes. */
    public String shortCommit() {
        if (gitCommit == null || gitCommit.isEmpty()) return "?";
        boolean dirty = gitCommit.endsWith("-dirty");
        String h = dirty ? gitCommit.substring(0, gitCommit.length() - "-dirty".length()) : gitCommit;
        return (h.length() > 7 && !h.startsWith("unknown") ? h.substring(0, 7) : h) + (dirty ? "-dirty" : "");
    }

    private static Path home() {
        return Path.of(System.getProperty("oodbench.home", "."));
    }

    static String detectSuiteVersion() {
        String v = RunInfo.class.getPackage().getImplementationVersion();
        if (v != null && !v.isBlank()) return v;
        try {
            String pom = Files.readString(home().resolve("pom.xml"));
            String v2 = pomVersion(pom);
            if (v2 != null) return v2;
        } catch (IOException | RuntimeException ignored) {
            // fall through
        }
        return "dev";
    }

    /** The project's own {@code <version>} (the first one outside {@code <parent>}), or null. */
    static String pomVersion(String pom) {
        String s = pom.replaceAll("(?s)<!--.*?-->", "").replaceAll("(?s)<parent>.*?</parent>", "");
        int project = s.indexOf("<project");
        int deps = s.indexOf("<dependencies>");
        int a = s.indexOf("<version>", Math.max(0, project));
        if (a < 0 || (deps >= 0 && a > deps)) return null;
        int b = s.indexOf("</version>", a);
        return b < 0 ? null : s.substring(a + "<version>".length(), b).trim();
    }

    /** The suite's own outputs, which never count as uncommitted changes (a run must not make the next one "dirty"). */
    public static final List<String> OUTPUT_FOLDERS = List.of("results/runs", "results/ab", "build", "target");

    static String detectGitCommit() {
        return gitCommit(home());
    }

    /** {@code git rev-parse HEAD} in {@code dir}, plus {@code -dirty} when anything outside {@link #OUTPUT_FOLDERS} changed. */
    public static String gitCommit(Path dir) {
        String head = run(dir, "git", "rev-parse", "HEAD");
        if (head == null || head.isBlank()) return "unknown";
        List<String> cmd = new ArrayList<>(List.of("git", "status", "--porcelain", "--", "."));
        OUTPUT_FOLDERS.forEach(f -> cmd.add(":(top,exclude)" + f));
        String status = run(dir, cmd.toArray(String[]::new));
        return head.trim() + (status != null && !status.isBlank() ? "-dirty" : "");
    }

    static String detectHost() {
        String h = System.getenv("HOSTNAME");
        if (h == null || h.isBlank()) {
            try {
                h = Files.readString(Path.of("/etc/hostname")).trim();
            } catch (IOException | RuntimeException e) {
                h = "";
            }
        }
        if (h.isBlank()) {
            try {
                h = InetAddress.getLocalHost().getHostName();
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
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    static String detectGpu() {
        String out = run("nvidia-smi", "--query-gpu=name", "--format=csv,noheader");
        if (out == null || out.isBlank()) return "none";
        List<String> names = out.lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (names.isEmpty()) return "none";
        // several GPUs: "2x NVIDIA H100" when alike, else the names joined
        return names.stream().distinct().count() == 1 && names.size() > 1 ? names.size() + "x " + names.get(0)
                : String.join(" + ", names);
    }

    static String detectTfVersion() {
        try {
            return TensorFlow.version() + " oneDNN " + (oneDnnOn(System.getenv("TF_ENABLE_ONEDNN_OPTS")) ? "on" : "off");
        } catch (Throwable e) { // natives missing or not loadable: still describe the run
            return "unknown";
        }
    }

    /** TensorFlow's reading of {@code TF_ENABLE_ONEDNN_OPTS}: "0" or "false" turn oneDNN off; unset or anything else leaves it on. */
    static boolean oneDnnOn(String env) {
        return env == null || !(env.trim().equals("0") || env.trim().equalsIgnoreCase("false"));
    }

    /** A command's stdout, or null when it is missing, fails or takes over 10 s (output goes to a file, so a hung tool cannot block us). */
    static String run(String... cmd) {
        return run(home(), cmd);
    }

    private static String run(Path dir, String... cmd) {
        Path out = null;
        try {
            out = Files.createTempFile("oodbench-cmd", ".out");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? Files.readString(out) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temp file left in /tmp
                }
            }
        }
    }
}
