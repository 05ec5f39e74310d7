package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsCommandTest {
    @TempDir
    Path dir;

    private String run(int expected, String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf));
        try {
            assertEquals(expected, Main.commandLine().execute(args));
        } finally {
            System.setOut(old);
        }
        return buf.toString();
    }

    @Test
    void jsonHasTheDocumentedKeys() throws Exception {
        Files.writeString(dir.resolve("id.txt"), "0.1\n0.4\n\n0.4\n0.8\n");
        Files.writeString(dir.resolve("ood.txt"), "0.4\n0.9\n0.3\n");
        String out = run(0, "metrics", "--id", dir.resolve("id.txt").toString(), "--ood", dir.resolve("ood.txt").toString(), "--json");
        // the hand-computed case of OodMetricsTest: AUROC 7/12, FPR95 3/4
        assertTrue(out.startsWith("{\"auroc\":0.58333333333333"), out);
        assertTrue(out.contains(",\"fpr95\":0.75,\"fpr95_idpos\":0.666666666666666"), out);
        for (String k : new String[] {"tnr95", "aupr_in", "aupr_out", "detection_error", "\"n_id\":4", "\"n_ood\":3"}) {
            assertTrue(out.contains(k), k + " in " + out);
        }
    }

    @Test
    void csvColumnAndBadInput() throws Exception {
        Files.writeString(dir.resolve("s.csv"), "image,score\na,0.1\nb,0.2\n");
        Files.writeString(dir.resolve("o.csv"), "image,score\nc,0.9\n");
        String out = run(0, "metrics", "--id", dir.resolve("s.csv").toString(), "--ood", dir.resolve("o.csv").toString(),
                "--column", "score", "--json");
        assertTrue(out.contains("\"auroc\":1.0"), out);
        Files.writeString(dir.resolve("bad.txt"), "0.1\nabc\n");
        run(2, "metrics", "--id", dir.resolve("bad.txt").toString(), "--ood", dir.resolve("o.csv").toString());
        Files.writeString(dir.resolve("nan.txt"), "0.1\nNaN\n");
        run(2, "metrics", "--id", dir.resolve("nan.txt").toString(), "--ood", dir.resolve("bad.txt").toString());
    }
}
