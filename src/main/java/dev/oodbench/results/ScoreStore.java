package dev.oodbench.results;

import dev.oodbench.eval.Evaluation;
import dev.oodbench.eval.SampleScores;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A run's per-sample scores in a compact binary form, one file per (model, detector with its
 * parameters, dataset): {@code <run>/scores/<model>/<detector>[~<params>]/<dataset>.scores}, the
 * parameters as in the accuracy rows with {@code ;} written {@code ,} (e.g.
 * {@code knn~k=100,bank_fraction=1.0}), so two parameter sets of one detector never share a file.
 *
 * <p>File format (big-endian, as {@link DataOutputStream} writes): the magic {@code OODSCORE}, the format
 * version (int, 1), then as modified-UTF-8 strings the model, detector, parameters, dataset, the
 * dataset's fingerprint ({@link dev.oodbench.data.DatasetFingerprint}) and the sample order
 * ({@code all}, or {@code first N}); the sample count (int), the value width (byte: 4 for float32, which
 * every in-graph score is, 8 for float64), the values in sample order, and a CRC-32 of every byte
 * before it (int). About 4 bytes per sample plus ~100 bytes of header. Written atomically.
 */
public final class ScoreStore {
    public static final String EXTENSION = ".scores";
    private static final byte[] MAGIC = {'O', 'O', 'D', 'S', 'C', 'O', 'R', 'E'};
    private static final int VERSION = 1;

    private ScoreStore() {}

    /** The sink an evaluation writes its scores through: every set's scores into {@code runDir}. */
    public static Evaluation.ScoreSink sink(Path runDir) {
        return s -> write(runDir, s);
    }

    /** The folder of one detector with its parameters: its name, then {@code ~} and the parameters when it has any. */
    public static String detectorKey(String detector, String params) {
        String p = params == null ? "" : params.replace(';', ',');
        String key = p.isEmpty() ? detector : detector + "~" + p;
        return key.replaceAll("[^A-Za-z0-9._=,+~-]", "_");
    }

    public static Path path(Path runDir, String model, String detector, String params, String dataset) {
        return runDir.resolve(ScoreFiles.DIR).resolve(model).resolve(detectorKey(detector, params)).resolve(dataset + EXTENSION);
    }

    /** Writes one set's scores atomically; a file there for other parameters (names that clean to one folder) is an error. */
    public static void write(Path runDir, SampleScores s) throws IOException {
        Path file = path(runDir, s.model(), s.detector(), s.params(), s.dataset());
        if (Files.isRegularFile(file)) {
            SampleScores old = read(file);
            if (!old.params().equals(s.params()) || !old.detector().equals(s.detector())) {
                throw new IllegalArgumentException(file + " holds " + old.detector() + " with parameters '" + old.params()
                        + "', not '" + s.params() + "'; write the two parameter sets to different runs");
            }
        }
        boolean f32 = true;
        for (double v : s.scores()) {
            if ((float) v != v) {
                f32 = false;
                break;
            }
        }
        boolean asFloat = f32;
        AtomicFiles.writeBytes(file, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            out.write(MAGIC);
            out.writeInt(VERSION);
            for (String t : List.of(s.model(), s.detector(), s.params(), s.dataset(), s.fingerprint(), s.order())) out.writeUTF(t);
            out.writeInt(s.scores().length);
            out.writeByte(asFloat ? 4 : 8);
            for (double v : s.scores()) {
                if (asFloat) out.writeFloat((float) v);
                else out.writeDouble(v);
            }
            out.flush();
            new DataOutputStream(raw).writeInt((int) crc.getValue());
        });
    }

    /** Reads one file; a damaged or foreign file is an error naming it. */
    public static SampleScores read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        try {
            if (b.length < MAGIC.length + 8) throw new EOFException();
            for (int i = 0; i < MAGIC.length; i++) {
                if (b[i] != MAGIC[i]) throw new IllegalArgumentException(file + ": not an oodbench score file (no OODSCORE header)");
            }
            CRC32 crc = new CRC32();
            crc.update(b, 0, b.length - 4);
            int stored = ((b[b.length - 4] & 0xff) << 24) | ((b[b.length - 3] & 0xff) << 16) | ((b[b.length - 2] & 0xff) << 8)
                    | (b[b.length - 1] & 0xff);
            if ((int) crc.getValue() != stored) {
                throw new IllegalArgumentException(file + ": checksum mismatch (damaged or cut short); evaluate again with --save-scores");
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b, MAGIC.length, b.length - MAGIC.length - 4));
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + ": score file version " + version + ", this oodbench reads " + VERSION);
            }
            String model = in.readUTF();
            String detector = in.readUTF();
            String params = in.readUTF();
            String dataset = in.readUTF();
            String fingerprint = in.readUTF();
            String order = in.readUTF();
            int n = in.readInt();
            int width = in.readByte();
            if (n < 0 || (width != 4 && width != 8)) throw new IllegalArgumentException(file + ": bad score count or width");
            double[] v = new double[n];
            for (int i = 0; i < n; i++) v[i] = width == 4 ? in.readFloat() : in.readDouble();
            return new SampleScores(model, detector, params, dataset, fingerprint, order, v);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": cut short; evaluate again with --save-scores");
        }
    }

    /** Reads the scores of one row's set, or null when the run kept none for it. */
    public static SampleScores find(Path runDir, String model, String detector, String params, String dataset)
            throws IOException {
        Path f = path(runDir, model, detector, params, dataset);
        return Files.isRegularFile(f) ? read(f) : null;
    }

    /**
     * Every score file of {@code detector} (any parameters) on {@code dataset} in the run, by folder
     * name: what a reader that knows only the detector's name can pick from.
     */
    static List<Path> candidates(Path runDir, String model, String detector, String dataset) throws IOException {
        Path dir = runDir.resolve(ScoreFiles.DIR).resolve(model);
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> {
                String n = p.getFileName().toString();
                return n.equals(detector) || n.startsWith(detector + "~");
            }).sorted().forEach(p -> {
                Path f = p.resolve(dataset + EXTENSION);
                if (Files.isRegularFile(f)) out.add(f);
            });
        }
        return out;
    }
}
