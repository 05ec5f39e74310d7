package dev.oodbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.oodbench.eval.EvalRow;
import dev.oodbench.metrics.OodMetrics;
import dev.oodbench.results.AccuracyCsv;
import dev.oodbench.results.AccuracyRow;
import dev.oodbench.results.CsvTable;
import dev.oodbench.results.Fixtures;
import dev.oodbench.results.RunInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No CSV the suite writes holds a cell a spreadsheet would run as a formula; numbers stay numbers. */
class CsvInjectionTest {
    @TempDir
    Path dir;

    static final String CMD = "=cmd|'/C calc'!A0";

    /** Every cell of {@code file} as a spreadsheet reads it: none starts with a formula character unless it is a number. */
    private static void assertNoFormulaCell(Path file) throws IOException {
        try (CSVParser p = CSVFormat.DEFAULT.parse(Files.newBufferedReader(file))) {
            for (CSVRecord rec : p) {
                for (String cell : rec) {
                    assertFalse(!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0
                            && !cell.matches("[-+][0-9.eE+-]+|-Infinity"), file + " holds the formula cell " + cell);
                }
            }
        }
    }

    @Test
    void formulaCellsGetAnApostropheAndNumbersStayNumbers() throws IOException {
        List<String> cols = List.of("a", "b");
        List<String> hostile = List.of(CMD, "=HYPERLINK(\"http://x\",\"y\")", "+1+cmd", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)",
                "\t=1", "\r=1", "-Xmx4g");
        List<String> numbers = List.of("-0.5", "-1.25e-3", "+7", "-Infinity", "-3", "0.27", "'=already quoted", "a=b;c=-1");
        List<Map<String, String>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < hostile.size(); i++) rows.add(Map.of("a", hostile.get(i), "b", numbers.get(i)));
        Path f = dir.resolve("t.csv");
        new CsvTable(cols, rows).write(f);
        CsvTable back = CsvTable.read(f);
        List<String> raw = Files.readAllLines(f);
        for (int i = 0; i < hostile.size(); i++) {
            assertEquals(hostile.get(i), back.rows().get(i).get("a"), "read back as written");
            assertEquals(numbers.get(i), back.rows().get(i).get("b"), "read back as written");
        }
        assertTrue(raw.get(1).startsWith("'" + CMD + ",-0.5"), raw.get(1));
        assertTrue(raw.contains("'-Xmx4g,a=b;c=-1"), raw.toString());
        assertEquals(-0.5, CsvTable.num(back.rows().get(0).get("b")));
        assertNoFormulaCell(f);
    }

    @Test
    void evalsModelColumnFromAFolderNamedLikeAFormulaIsInert() throws IOException {
        // what eval writes for --model "<folder named =cmd|'calc'!A0>"
        RunInfo run = Fixtures.info("r", "2026-11-23T00:00:00Z", "h", "none");
        EvalRow row = new EvalRow("=cmd|'calc'!A0", 0.99, "mls", "", "mnist04-test", "uniform", "far",
                new OodMetrics(0.9, 0.1, 0.3, 0.9, 0.9, 0.91, 0.1, 10, 10), null, EvalRow.OK, "", 0.5, 2.0);
        Path f = dir.resolve("accuracy.csv");
        AccuracyCsv.table(run, "cpu", List.of(row)).write(f);
        assertFalse(Files.readString(f).contains(",=cmd"), Files.readString(f));
        assertTrue(Files.readString(f).contains(",'=cmd|'calc'!A0,"), Files.readString(f));
        assertEquals("=cmd|'calc'!A0", AccuracyCsv.read(f).get(0).eval().model(), "read back as it was named");
        assertNoFormulaCell(f);
    }

    @Test
    void compareCsvDoesNotPassAFormulaFromAnInputThrough() throws IOException {
        RunInfo a = Fixtures.info("a", "2026-11-23T00:00:00Z", "h", "none");
        RunInfo b = Fixtures.info("b", "2026-11-24T00:00:00Z", "h", "none");
        Path base = dir.resolve("base.csv");
        Path cand = dir.resolve("cand.csv");
        for (Path p : List.of(base, cand)) {
            AccuracyRow r = Fixtures.acc(p == base ? a : b, "mnist04-convnet", CMD, "mnist59-test", "near",
                    p == base ? 0.95 : 0.90, 0.01);
            AccuracyCsv.write(p, List.of(r));
            Files.writeString(p, Files.readString(p).replace("'" + CMD, CMD)); // a hostile input file, as found
            assertTrue(Files.readString(p).contains("," + CMD + ","), "the input really holds the formula");
        }
        Path out = dir.resolve("cmp.csv");
        Captured cli = new Captured();
        cli.run("compare", base.toString(), cand.toString(), "--csv", out.toString());
        assertTrue(Files.exists(out), cli.err.toString());
        assertTrue(Files.readString(out).contains("'" + CMD), Files.readString(out));
        assertNoFormulaCell(out);
    }
}
