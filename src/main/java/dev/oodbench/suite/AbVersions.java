package dev.oodbench.suite;

import dev.oodbench.results.RunInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.tensorflow.TensorFlow;

/**
 * The two sides of an A/B run as built jars: a git revision of this repository is checked out once
 * into {@code <home>/build/ab/<commit>} (a detached worktree) and built there with the project's own
 * Maven build; a folder is taken as an already built checkout (built if its jar is missing). Models
 * come from the side's own {@code models/savedmodel}.
 */
final class AbVersions {
    /** A side ready to load: its label, resolved commit (or folder), jar and models folder. */
    record Side(String label, String commit, Path jar, Path models) {}

    /**
     * Written into a revision's checkout after its build has finished, as the last step: a checkout
     * without it (ab killed while checking out or building, which leaves e.g. an empty jar) is built again.
     */
    static final String BUILT = "target/ab-build-complete";

    private AbVersions() {}

    /**
     * What {@code ref} names now: a checkout folder as its absolute path, a revision as its commit. Both
     * sides are resolved before either is built, so that a branch moving meanwhile cannot split an A/A.
     */
    static String resolve(String ref, Path home) throws IOException, InterruptedException {
        Path dir = Path.of(ref);
        if (Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("pom.xml"))) return dir.toAbsolutePath().normalize().toString();
        String sha = git(home, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (sha.isEmpty()) {
            throw new IllegalArgumentException("'" + ref + "' is neither a git revision of " + home
                    + " nor a built oodbench checkout folder; pass e.g. HEAD, main, a commit, or a folder with pom.xml");
        }
        return sha;
    }

    /** Builds (once) the side {@code resolved} ({@link #resolve}) and labels it {@code ref}. */
    static Side prepare(String ref, String resolved, Path home, PrintStream log) throws IOException, InterruptedException {
        Path dir = Path.of(resolved);
        if (!resolved.matches("[0-9a-f]{40}")) {
            Path jar = dir.resolve("target").resolve("oodbench.jar");
            if (!nonEmpty(jar)) build(dir, log);
            else warnIfStale(dir, jar, log);
            if (RunInfo.gitCommit(dir).endsWith("-dirty")) {
                log.printf("warning: %s has uncommitted changes; its side is timed as its jar was built from them%n", dir);
            }
            return new Side(ref, resolved, jar, models(dir));
        }
        String sha = resolved;
        Path tree = home.resolve("build").resolve("ab").resolve(sha);
        Path jar = tree.resolve("target").resolve("oodbench.jar");
        if (!Files.isRegularFile(tree.resolve(BUILT))) { // absent, or a checkout or build that was stopped midway
            if (Files.exists(tree)) log.printf("%s holds an unfinished build; checking it out and building again%n", tree);
            if (Files.exists(tree)) remove(home, tree);
            git(home, "worktree", "prune");
            Files.createDirectories(tree.getParent());
            log.printf("checking out %s (%s) into %s%n", ref, sha.substring(0, 7), tree);
            git(home, "worktree", "add", "--detach", "--force", tree.toString(), sha);
            build(tree, log);
            Files.writeString(tree.resolve(BUILT), sha + "\n"); // the last step: only now is the build complete
        }
        return new Side(ref, sha, jar, models(tree));
    }

    /** Warns when a source file or pom.xml of checkout {@code dir} is newer than its jar (the jar would time older code). */
    private static void warnIfStale(Path dir, Path jar, PrintStream log) throws IOException {
        long built = Files.getLastModifiedTime(jar).toMillis();
        List<Path> sources = new ArrayList<>(List.of(dir.resolve("pom.xml")));
        if (Files.isDirectory(dir.resolve("src"))) {
            try (Stream<Path> s = Files.walk(dir.resolve("src"))) {
                sources.addAll(s.filter(Files::isRegularFile).toList());
            }
        }
        for (Path p : sources) {
            if (Files.isRegularFile(p) && Files.getLastModifiedTime(p).toMillis() > built) {
                log.printf("warning: %s is newer than %s: the jar timed is older than the code; build it first "
                        + "(mvn -q package -DskipTests in %s)%n", p, jar, dir);
                return;
            }
        }
    }

    private static boolean nonEmpty(Path file) throws IOException {
        return Files.isRegularFile(file) && Files.size(file) > 0;
    }

    /** Removes a revision's checkout: through git when git knows it, else (a checkout stopped before git registered it) as files. */
    private static void remove(Path home, Path tree) throws IOException, InterruptedException {
        try {
            git(home, "worktree", "remove", "--force", tree.toString());
        } catch (IOException notAWorktree) {
            try (Stream<Path> all = Files.walk(tree)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
            }
        }
    }

    private static Path models(Path checkout) {
        Path m = checkout.resolve("models").resolve("savedmodel");
        if (!Files.isDirectory(m)) throw new IllegalArgumentException(checkout + " has no models/savedmodel folder");
        return m.toAbsolutePath();
    }

    /** {@code mvn -q package -DskipTests} in {@code dir}, offline first (the usual case: dependencies cached). */
    private static void build(Path dir, PrintStream log) throws IOException, InterruptedException {
        log.printf("building %s (mvn -q package -DskipTests)%n", dir);
        Path out = Files.createTempFile("oodbench-ab-build", ".log");
        for (boolean offline : new boolean[] {true, false}) {
            List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-q", "package", "-DskipTests"));
            if (offline) cmd.add("-o");
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (p.waitFor(20, TimeUnit.MINUTES) && p.exitValue() == 0 && nonEmpty(dir.resolve("target/oodbench.jar"))) {
                Files.deleteIfExists(out);
                return;
            }
            p.destroyForcibly();
        }
        throw new IOException("building " + dir + " failed; see " + out);
    }

    /** Fails unless {@code side} was built against the TensorFlow Java the running JVM uses (they share its native library). */
    static void checkSameTensorFlow(Side side) throws IOException {
        String running = Path.of(TensorFlow.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .getFileName().toString();
        Path lib = side.jar().getParent().resolve("lib");
        try (Stream<Path> s = Files.list(lib)) {
            if (s.noneMatch(p -> p.getFileName().toString().equals(running))) {
                throw new IllegalArgumentException(side.label() + " was built against another TensorFlow Java than "
                        + running + " (see " + lib + "); two versions share one JVM only over the same TensorFlow");
            }
        }
    }

    static String git(Path home, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("git", "-C", home.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            if (args[0].equals("rev-parse")) return "";
            throw new IOException("git " + String.join(" ", args) + " failed: " + out.lines().findFirst().orElse(""));
        }
        return out;
    }
}
