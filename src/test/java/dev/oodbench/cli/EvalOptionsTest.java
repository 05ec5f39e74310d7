package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.results.CsvTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** eval and bench check every option before any work starts; eval on a model folder outside the catalog. */
class EvalOptionsTest {
    @TempDir
    Path dir;

    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cmd = Main.commandLine();
        cmd.setErr(new PrintWriter(err, true));
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        try {
            return cmd.execute(args);
        } finally {
            System.setOut(old);
        }
    }

    private void assertRefused(String expected, String... args) {
        err.getBuffer().setLength(0);
        long t0 = System.nanoTime();
        assertEquals(2, run(args), err.toString());
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains(expected), e);
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "refused before any work: " + e);
        assertFalse(Files.exists(dir.resolve("results/runs")) && dir.resolve("results/runs").toFile().list().length > 0,
                "no run folder left behind");
    }

    /** eval of mls on noise sets with the options given replacing the defaults (name, value, ...; "--ood=" alone). */
    private String[] eval(String... override) {
        java.util.Map<String, String> o = new java.util.LinkedHashMap<>();
        List<String> d = List.of("--model", "mnist04-convnet", "--id", "uniform", "--ood", "gaussian", "--detectors", "mls",
                "--bootstrap", "0", "--results", dir.resolve("results").toString());
        for (int i = 0; i < d.size(); i += 2) o.put(d.get(i), d.get(i + 1));
        List<String> raw = new java.util.ArrayList<>();
        for (int i = 0; i < override.length; i++) {
            if (override[i].endsWith("=")) {
                o.remove(override[i].substring(0, override[i].length() - 1));
                raw.add(override[i]);
            } else {
                o.put(override[i], override[++i]);
            }
        }
        List<String> a = new java.util.ArrayList<>(List.of("eval"));
        o.forEach((k, v) -> a.addAll(List.of(k, v)));
        a.addAll(raw);
        return a.toArray(String[]::new);
    }

    @Test
    void badEvalOptionsAreRefusedUpFront() {
        assertRefused("--batch-size 0", eval("--batch-size", "0"));
        assertRefused("--batch-size -5", eval("--batch-size", "-5"));
        assertRefused("--batch-size 100000: at most 4096", eval("--batch-size", "100000"));
        assertRefused("--bootstrap -5", eval("--bootstrap", "-5"));
        assertRefused("--ood '' names no dataset", eval("--ood="));
        assertRefused("--ood ',' names no dataset", eval("--ood", ","));
        assertRefused("--results is empty", eval("--results", ""));
        assertRefused("names mls twice", eval("--detectors", "mls,mls"));
        assertRefused("names mls twice", eval("--detectors", "cheap,mls"));
        assertRefused("names gaussian twice", eval("--ood", "gaussian,gaussian"));
        assertRefused("unknown dataset 'nope'", eval("--id", "nope"));
    }

    @Test
    void aResultsFolderThatCannotBeWrittenIsRefusedBeforeTheEvaluation() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertRefused("results folder " + file.resolve("sub") + " cannot be written",
                eval("--results", file.resolve("sub").toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--iterations=0", "--time=-1", "--time=NaN", "--threads=-1", "--threads=abc", "--forks=0",
            "--batches=0"})
    void badBenchOptionsAreRefusedBeforeTheRunFolder(String option) {
        String name = option.substring(2, option.indexOf('='));
        assertRefused("bench." + name + " (--" + name + "): '" + option.substring(option.indexOf('=') + 1),
                "bench", option, "--models", "mnist04-convnet", "--results", dir.resolve("results").toString());
        assertFalse(Files.exists(dir.resolve("results")), "nothing created");
    }

    @Test
    void aModelFolderOutsideTheCatalogWorksWithExplicitSets() throws IOException {
        Path model = dev.oodbench.model.ShippedModels.copy("mnist04-convnet", dir.resolve("my-convnet"));
        String[] args = {"eval", "--model", model.toString(), "--id", "uniform", "--ood", "gaussian,rademacher",
                "--detectors", "mls,energy", "--bootstrap", "0", "--results", dir.resolve("results").toString()};
        assertEquals(0, run(args), err.toString());
        try (var runs = Files.list(dir.resolve("results/runs"))) {
            Path csv = runs.findFirst().orElseThrow().resolve("accuracy.csv");
            List<java.util.Map<String, String>> rows = CsvTable.read(csv).rows();
            assertEquals(4, rows.size(), rows.toString());
            assertTrue(rows.stream().allMatch(r -> r.get("model").equals("my-convnet") && r.get("status").equals("ok")),
                    rows.toString());
        }
        // a detector fitted on training data needs to know which set that is
        err.getBuffer().setLength(0);
        args[8] = "vim";
        assertEquals(2, run(args));
        assertTrue(err.toString().contains("pass --train SET"), err.toString());
    }
}
