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

    private String fails(String... args) {
        Captured cli = new Captured();
        assertEquals(2, cli.run(args), cli.err.toString());
        assertEquals(1, cli.err.toString().strip().lines().count(), cli.err.toString());
        return cli.err.toString().strip();
    }

    @Test
    void badScoreFilesNameTheFileAndLine() throws Exception {
        Path ood = Files.writeString(dir.resolve("o.txt"), "0.9\n0.8\n");
        Path nan = Files.writeString(dir.resolve("nan.txt"), "0.1\n0.2\nNaN\n");
        assertEquals("oodbench metrics: " + nan + " line 3: NaN is not a finite score; remove the line or fix what wrote it",
                fails("metrics", "--id", nan.toString(), "--ood", ood.toString()));
        Path csv = Files.writeString(dir.resolve("nan.csv"), "score\n0.1\nInfinity\n");
        assertTrue(fails("metrics", "--id", csv.toString(), "--ood", ood.toString(), "--column", "score")
                .endsWith(csv + " line 3: Infinity is not a finite score; remove the line or fix what wrote it"));
        assertEquals("oodbench metrics: " + dir + ": is a folder; pass a file of scores",
                fails("metrics", "--id", dir.toString(), "--ood", ood.toString()));
        assertEquals("oodbench metrics: /dev/null: is not a regular file (a device or a pipe); pass a file of scores",
                fails("metrics", "--id", "/dev/null", "--ood", ood.toString()));
        assertEquals("oodbench metrics: " + dir.resolve("gone.txt") + ": file not found",
                fails("metrics", "--id", dir.resolve("gone.txt").toString(), "--ood", ood.toString()));
        // a byte-order mark before the first number is skipped, not "not a number"
        Files.write(dir.resolve("bom.txt"), new byte[] {(byte) 0xef, (byte) 0xbb, (byte) 0xbf, '0', '.', '1', '\n'});
        assertTrue(run(0, "metrics", "--id", dir.resolve("bom.txt").toString(), "--ood", ood.toString(), "--json")
                .contains("\"n_id\":1"));
    }

    @Test
    void bootstrapIsBoundedOnBothSidesLikeEvals() throws Exception {
        Path a = Files.writeString(dir.resolve("a.txt"), "0.1\n0.2\n");
        for (String n : new String[] {"-5", "2147483647"}) {
            assertEquals("oodbench metrics: --bootstrap " + n + ": give 0 (no intervals) up to 100000 resamples",
                    fails("metrics", "--id", a.toString(), "--ood", a.toString(), "--bootstrap", n));
        }
        assertTrue(fails("eval", "--model", "mnist04-convnet", "--bootstrap", "2000000000")
                .endsWith("--bootstrap 2000000000: give 0 (no intervals) up to 100000 resamples"));
    }

    @Test
    void jsonCarriesNoRoundingNoise() {
        assertEquals("0.2715", MetricsCommand.json(0.27149999999999996));
        assertEquals("0.3", MetricsCommand.json(0.1 + 0.2));
        assertEquals("0.6666666666666666", MetricsCommand.json(2 / 3.0));
        assertEquals("1.0", MetricsCommand.json(1.0));
        assertEquals("0.0", MetricsCommand.json(0.0));
    }
}
