package dev.oodbench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The data flow runs one way: data -> model -> detect -> metrics -> eval -> results -> report, with
 * suite and cli as shells on top (train builds models from data). No main class imports, or names by
 * its full name, a package above its own, and nothing in src/main uses the JMH classes of src/jmh
 * (they are named by string only, in {@code results.Benchmark}).
 */
class LayeringTest {
    private static final List<String> ORDER = List.of("data", "model", "train", "detect", "metrics", "eval", "results",
            "report", "suite", "cli");
    private static final Pattern USE = Pattern.compile("\\bdev\\.oodbench\\.([a-z]+)\\.[A-Z]");

    @Test
    void noPackageUsesOneAboveIt() throws IOException {
        List<String> bad = new ArrayList<>();
        Path main = Path.of("src/main/java/dev/oodbench");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String own = main.relativize(f).getName(0).toString();
                int level = ORDER.indexOf(own);
                assertTrue(level >= 0, "package " + own + " is not in the layer list " + ORDER);
                Matcher m = USE.matcher(code(Files.readString(f)));
                while (m.find()) {
                    String used = m.group(1);
                    if (used.equals("bench")) {
                        bad.add(f + " uses the JMH package dev.oodbench.bench");
                    } else if (ORDER.indexOf(used) > level) {
                        bad.add(f + " (" + own + ") uses " + used);
                    }
                }
            }
        }
        assertTrue(bad.isEmpty(), String.join("\n", bad));
    }

    /** The source without comments and string literals (a JMH class named in a string is not a dependency). */
    static String code(String src) {
        return src.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\n]*", " ").replaceAll("\"(?:\\\\.|[^\"\\\\])*\"", "\"\"");
    }
}
