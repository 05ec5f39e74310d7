package dev.oodbench.suite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A revision's checkout and build under build/ab, with a real git repository and a real (tiny) Maven build. */
class AbVersionsTest {
    @TempDir
    Path home;

    /** The smallest project whose {@code mvn package} makes target/oodbench.jar, with the plugins the suite's own build uses. */
    private static final String POM = """
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>t</groupId><artifactId>t</artifactId><version>1</version>
              <properties><maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding></properties>
              <build><finalName>oodbench</finalName><plugins>
                <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-surefire-plugin</artifactId><version>3.2.5</version></plugin>
                <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>maven-jar-plugin</artifactId><version>3.4.1</version></plugin>
              </plugins></build>
            </project>
            """;

    private void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd) + ": " + out);
    }

    @Test
    void aBuildStoppedMidwayIsBuiltAgainNotTakenAsDone() throws Exception {
        Files.writeString(home.resolve("pom.xml"), POM);
        Files.createDirectories(home.resolve("models/savedmodel"));
        Files.writeString(home.resolve("models/savedmodel/README"), "models\n");
        sh("git", "init", "-q");
        sh("git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A");
        sh("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "tiny project");
        String sha = AbVersions.resolve("HEAD", home);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AbVersions.Side side = AbVersions.prepare("HEAD", sha, home, new PrintStream(log, true));
        Path tree = home.resolve("build/ab/" + sha);
        assertEquals(tree.resolve("target/oodbench.jar"), side.jar());
        assertTrue(Files.size(side.jar()) > 0);
        assertTrue(Files.isRegularFile(tree.resolve(AbVersions.BUILT)), "complete only after the build");

        // what a kill during the build leaves: the jar at 0 bytes, no lib, no completion mark
        Files.write(side.jar(), new byte[0]);
        Files.delete(tree.resolve(AbVersions.BUILT));
        log.reset();
        side = AbVersions.prepare("HEAD", sha, home, new PrintStream(log, true));
        assertTrue(Files.size(side.jar()) > 0, "rebuilt: " + log);
        assertTrue(log.toString().contains(tree + " holds an unfinished build"), log.toString());
        assertTrue(Files.isRegularFile(tree.resolve(AbVersions.BUILT)));

        // killed during the checkout itself, before git registered the folder: removed as files and checked out again
        sh("git", "worktree", "remove", "--force", tree.toString());
        Files.createDirectories(tree.resolve("target"));
        Files.write(tree.resolve("target/oodbench.jar"), new byte[0]);
        side = AbVersions.prepare("HEAD", sha, home, new PrintStream(log, true));
        assertTrue(Files.size(side.jar()) > 0);

        // a complete build is reused: no second build
        log.reset();
        AbVersions.prepare("HEAD", sha, home, new PrintStream(log, true));
        assertEquals(List.of(), log.toString().lines().toList());
    }

    @Test
    void aCheckoutFolderWithUncommittedChangesOrSourcesNewerThanItsJarIsTimedWithAWarning() throws Exception {
        Files.writeString(home.resolve("pom.xml"), POM);
        Files.createDirectories(home.resolve("models/savedmodel"));
        Files.createDirectories(home.resolve("src/main/java"));
        Files.writeString(home.resolve("src/main/java/A.java"), "class A {}\n");
        Files.writeString(home.resolve(".gitignore"), "target/\n");
        sh("git", "init", "-q");
        sh("git", "-c", "user.name=t", "-c", "user.email=t@t", "add", "-A");
        sh("git", "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "tiny project");
        String at = AbVersions.resolve(home.toString(), home);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AbVersions.prepare(".", at, home, new PrintStream(log, true)); // builds the missing jar
        log.reset();
        AbVersions.prepare(".", at, home, new PrintStream(log, true));
        assertEquals("", log.toString(), "built and committed: nothing to warn about");
        Path a = home.resolve("src/main/java/A.java");
        Files.writeString(a, "class A { int x; }\n");
        Files.setLastModifiedTime(a, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        AbVersions.prepare(".", at, home, new PrintStream(log, true));
        assertTrue(log.toString().contains("warning: " + a + " is newer than " + home.resolve("target/oodbench.jar")), log.toString());
        assertTrue(log.toString().contains("warning: " + home + " has uncommitted changes"), log.toString());
    }

    @Test
    void aWorkerThatEndedGivesTheReasonFromItsLog() throws IOException {
        Path log = home.resolve("prepare.log");
        Files.writeString(log, """
                Exception in thread "main" java.lang.RuntimeException: loading version A
                	at dev.oodbench.suite.InterleavedWorker.main(InterleavedWorker.java:30)
                Caused by: java.lang.ClassNotFoundException: dev.oodbench.suite.WorkloadFactory
                	at java.base/java.net.URLClassLoader.findClass(URLClassLoader.java:445)
                """);
        assertEquals(": java.lang.ClassNotFoundException: dev.oodbench.suite.WorkloadFactory", Forks.reason(log));
        Files.writeString(log, "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space\n");
        assertEquals(": java.lang.OutOfMemoryError: Java heap space", Forks.reason(log));
        assertEquals("", Forks.reason(home.resolve("none.log")));
    }
}
