package dev.oodbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every library the main and JMH code import is declared in the pom, not borrowed through another one. */
class DeclaredDependenciesTest {
    /** Package prefix -> the artifact that provides it (or whose public API brings it: ndarray with TF, ejml's parts with ejml-simple). */
    private static final Map<String, String> PROVIDERS = Map.ofEntries(
            Map.entry("org.tensorflow.", "tensorflow-core-api"),
            Map.entry("org.apache.commons.csv.", "commons-csv"),
            Map.entry("org.apache.commons.math3.", "commons-math3"),
            Map.entry("com.google.gson.", "gson"),
            Map.entry("picocli.", "picocli"),
            Map.entry("me.tongfei.progressbar.", "progressbar"),
            Map.entry("us.hebi.matlab.", "mfl-core"),
            Map.entry("org.ejml.", "ejml-simple"),
            Map.entry("org.jfree.", "jfreechart"),
            Map.entry("org.openjdk.jmh.", "jmh-core"));

    @Test
    void everyImportedLibraryIsDeclared() throws IOException {
        String pom = Files.readString(Path.of("pom.xml"));
        Pattern use = Pattern.compile("\\b((?:org|com|me|us|info|picocli)\\.[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)*)\\.[A-Z]");
        TreeSet<String> problems = new TreeSet<>();
        for (String root : new String[] {"src/main/java", "src/jmh/java"}) {
            try (var files = Files.walk(Path.of(root))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    Matcher m = use.matcher(Files.readString(f));
                    while (m.find()) {
                        String pkg = m.group(1) + ".";
                        if (pkg.startsWith("dev.oodbench.")) continue;
                        String artifact = PROVIDERS.entrySet().stream().filter(e -> pkg.startsWith(e.getKey()))
                                .map(Map.Entry::getValue).findFirst().orElse(null);
                        if (artifact == null) problems.add(f + ": " + pkg + " (no known provider)");
                        else if (!pom.contains("<artifactId>" + artifact + "</artifactId>")) {
                            problems.add(f + ": " + pkg + " needs " + artifact + " declared in pom.xml");
                        }
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }
}
