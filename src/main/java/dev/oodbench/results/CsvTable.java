package dev.oodbench.results;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file as a header and rows of named cells (Apache Commons CSV, RFC 4180, {@code \n} line
 * ends), written atomically through {@link AtomicFiles}, with formula-like cells made inert ({@link #inert}).
 * The typed files ({@link AccuracyCsv},
 * {@link PerformanceCsv}) are built on it; it also reads any other CSV by column name.
 */
public record CsvTable(List<String> columns, List<Map<String, String>> rows) {

    static final CSVFormat WRITE_FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator('\n').build();

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, w -> {
            CSVPrinter p = new CSVPrinter(w, WRITE_FORMAT.builder().setHeader(columns.toArray(String[]::new)).build());
            for (Map<String, String> r : rows) {
                List<String> cells = new ArrayList<>(columns.size());
                for (String c : columns) {
                    String v = r.get(c);
                    cells.add(v == null ? "" : inert(v));
                }
                p.printRecord(cells);
            }
            p.flush();
        });
    }

    /** A number as a spreadsheet reads one ({@code -0.5}, {@code +1e-3}, {@code -Infinity}): left as it is. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?Infinity|NaN");

    /**
     * {@code cell} as a spreadsheet shows it but never runs it: a cell starting with {@code = + - @}, a tab or a
     * carriage return (a formula to Excel, LibreOffice and Google Sheets, e.g. {@code =HYPERLINK(...)} in a
     * model folder's or detector's name) gets a leading apostrophe; numbers such as {@code -0.5} stay numbers.
     * A cell that already starts with an apostrophe and a formula character gets one more, so that
     * {@link #read} gives back exactly what was written. Every CSV the suite writes goes through {@link #write}.
     */
    public static String inert(String cell) {
        return formula(cell) || cell.startsWith("'") && formula(cell.substring(1)) ? "'" + cell : cell;
    }

    /** The inverse of {@link #inert}, applied to every cell read. */
    static String restored(String cell) {
        return cell.startsWith("'") && inert(cell.substring(1)).equals(cell) ? cell.substring(1) : cell;
    }

    private static boolean formula(String cell) {
        return !cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0 && !NUMBER.matcher(cell).matches();
    }

    /** Reads a CSV with a header line; a missing file or a malformed CSV is one line naming the file. */
    public static CsvTable read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new FileNotFoundException(file + ": file not found");
        try (Reader r = Files.newBufferedReader(file);
             CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(r)) {
            List<String> cols = p.getHeaderNames();
            List<Map<String, String>> rows = new ArrayList<>();
            for (CSVRecord rec : p) {
                if (rec.size() != cols.size()) {
                    throw new FieldCountException(file + " line " + (rec.getRecordNumber() + 1) + " has " + rec.size()
                            + " fields, the header " + cols.size() + "; the file is cut or damaged: write it again");
                }
                Map<String, String> m = new LinkedHashMap<>();
                for (String c : cols) m.put(c, rec.isSet(c) ? restored(rec.get(c)) : "");
                rows.add(m);
            }
            return new CsvTable(cols, rows);
        } catch (FieldCountException e) {
            throw e;
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            throw new IllegalArgumentException(file + ": not a readable CSV file (" + e.getMessage() + ")", e);
        }
    }

    /** A record whose field count differs from the header's (a cut or damaged line), named with its line. */
    private static final class FieldCountException extends IllegalArgumentException {
        FieldCountException(String message) {
            super(message);
        }
    }

    /** Fails with one line naming the file and the missing columns unless all of {@code required} are present. */
    public CsvTable require(List<String> required, Path file) {
        List<String> missing = required.stream().filter(c -> !columns.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(file + ": missing columns " + missing + "; is it an oodbench "
                    + "results file of this schema version?");
        }
        return this;
    }

    /** Builds one typed row from a record's cells; {@code line} is the record's line in the file (header = 1). */
    public interface RowReader<T> {
        T read(Map<String, String> cells, int line);
    }

    /**
     * Reads a typed results file: needs the {@code required} columns, refuses a {@code schema_version}
     * other than {@code schemaVersion}, and turns each record into a row. Errors are one line naming
     * the file and line.
     */
    public static <T> List<T> readRows(Path file, List<String> required, String schemaVersion, RowReader<T> reader)
            throws IOException {
        CsvTable t = read(file).require(required, file);
        List<T> out = new ArrayList<>();
        int line = 1;
        for (Map<String, String> m : t.rows()) {
            line++;
            String schema = m.getOrDefault("schema_version", "");
            if (!schema.isEmpty() && !schema.equals(schemaVersion)) {
                throw new IllegalArgumentException(file + " line " + line + ": schema_version " + schema
                        + " is not supported (this oodbench reads " + schemaVersion + ")");
            }
            out.add(reader.read(m, line));
        }
        return out;
    }

    /** A number cell: full precision ({@link Double#toString}), empty for NaN. */
    public static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** A parsed number cell (NaN when empty or absent). */
    public static double num(String s) {
        return s == null || s.isBlank() ? Double.NaN : Double.parseDouble(s.trim());
    }
}
