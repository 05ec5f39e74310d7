package dev.oodbench.suite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link InterleavedWorker} processes: a fresh JVM per fork, with the running classpath, so that
 * JIT state, heap layout and TensorFlow's per-process thread pools are drawn anew each time.
 */
final class Forks {
    private final Path workDir;
    private int count;

    Forks(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * Runs {@code job} in a new JVM, stopping it after {@code timeoutSeconds}, and returns its group
     * results (groups it did not reach come back as errors).
     */
    List<InterleavedJob.GroupResult> run(InterleavedJob job, double timeoutSeconds) throws IOException, InterruptedException {
        return run(job, timeoutSeconds, "fork-" + (++count));
    }

    /** {@link #run(InterleavedJob, double)} with its files named {@code name.json}, {@code name.jsonl}, {@code name.log}. */
    List<InterleavedJob.GroupResult> run(InterleavedJob job, double timeoutSeconds, String name)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path jobFile = workDir.resolve(name + ".json");
        Path results = workDir.resolve(name + ".jsonl");
        Path log = workDir.resolve(name + ".log");
        job.write(jobFile);
        Files.deleteIfExists(results);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx4g", "-Doodbench.home=" + System.getProperty("oodbench.home", "."),
                "-cp", System.getProperty("java.class.path"), InterleavedWorker.class.getName(),
                jobFile.toString(), results.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor((long) timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        List<InterleavedJob.GroupResult> got = InterleavedJob.readResults(results);
        List<InterleavedJob.GroupResult> out = new ArrayList<>(got);
        String why = null;
        for (InterleavedJob.Group g : job.groups()) {
            if (got.stream().noneMatch(r -> r.id().equals(g.id()))) {
                if (why == null) why = reason(log);
                out.add(new InterleavedJob.GroupResult(g.id(), null, "the worker process ended before timing it (exit "
                        + (p.isAlive() ? "timeout" : String.valueOf(p.exitValue())) + why + "); see " + log));
            }
        }
        return out;
    }

    /**
     * Why a worker ended, from its log: the innermost cause of its stack trace (e.g. a class a revision
     * from before in-process A/B does not have), as {@code ": <exception line>"}, or empty.
     */
    static String reason(Path log) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log);
        } catch (IOException | RuntimeException e) {
            return "";
        }
        String found = null;
        for (String l : lines) {
            String t = l.strip();
            if (t.startsWith("Caused by: ")) found = t.substring("Caused by: ".length());
            else if (found == null && t.matches("(Exception in thread \\S+ )?[\\w.$]+(Exception|Error)(: .*)?")) found = t;
        }
        return found == null ? "" : ": " + found.replaceFirst("^Exception in thread \\S+ ", "");
    }
}
