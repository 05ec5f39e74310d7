package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.oodbench.eval.SampleScores;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.ScoreStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** eval keeps the scores of two parameter sets of one detector apart, each beside its own accuracy rows. */
class SaveScoresCommandTest {
    @TempDir
    Path dir;

    @Test
    @EnabledIfEnvironmentVariable(named = "OODBENCH_DATA", matches = ".+") // knn is fitted on the MNIST training digits
    void knnAndKnnAtK100KeepTwoScoreFolders() throws Exception {
        CommandLine cmd = Main.commandLine();
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err, true));
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        int status;
        try {
            status = cmd.execute("eval", "--model", "mnist04-convnet", "--id", "uniform", "--ood", "gaussian",
                    "--detectors", "knn,knn:k=100", "--bootstrap", "0", "--save-scores", "--results", dir.toString());
        } finally {
            System.setOut(old);
        }
        assertEquals(0, status, err.toString());
        Path run;
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            run = s.findFirst().orElseThrow();
        }
        try (Stream<Path> s = Files.list(run.resolve("scores").resolve("mnist04-convnet"))) {
            assertEquals(List.of("knn~k=100,bank_fraction=1.0", "knn~k=50,bank_fraction=1.0"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        List<AccuracyRow> rows = AccuracyCsv.read(run.resolve(AccuracyCsv.FILE_NAME));
        double[][] ood = new double[2][];
        for (int k = 0; k < 2; k++) {
            AccuracyRow r = rows.get(k == 0 ? 0 : rows.size() - 1);
            SampleScores s = ScoreStore.find(run, "mnist04-convnet", "knn", r.detectorParams(), "gaussian");
            assertEquals(r.oodFingerprint(), s.fingerprint());
            assertEquals(r.detectorParams(), s.params());
            ood[k] = s.scores();
        }
        assertFalse(Arrays.equals(ood[0], ood[1]), "the second parameter set did not overwrite the first");
    }
}
