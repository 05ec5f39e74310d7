package dev.oodbench.eval;

import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.FitData;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.IntConsumer;

/**
 * The model's outputs on its ID training set, computed once and kept on disk: every detector fit
 * and every benchmark fork reads them instead of running 50,000 images through the model again.
 * The key is the model's files (SHA-256) plus the dataset name, so a retrained model never reuses
 * stale outputs.
 */
public final class FitDataCache {
    private static final int MAGIC = 0x0D0F17DA;
    private final Path dir;

    public FitDataCache(Path dir) {
        this.dir = dir;
    }

    /** The default cache folder: {@code <oodbench.home>/build/cache}. */
    public static FitDataCache standard() {
        return new FitDataCache(Path.of(System.getProperty("oodbench.home", "."), "build", "cache"));
    }

    /** Fit data for {@code model} on the catalog set {@code trainSet}, from the cache or computed and stored. */
    public FitData get(Classifier model, Path modelDir, String trainSet, int batchSize, IntConsumer progress)
            throws IOException {
        Path file = dir.resolve(model.name() + "-" + trainSet + "-" + key(modelDir) + ".fit");
        if (Files.isRegularFile(file)) {
            try {
                return read(file);
            } catch (IOException e) {
                Files.deleteIfExists(file); // a broken cache entry is recomputed, never trusted
            }
        }
        ImageSet set = DatasetCatalog.load(trainSet);
        FitData data = FitDataCollector.collect(model, set, batchSize, progress);
        write(file, data);
        return data;
    }

    static String key(Path modelDir) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(Files.readAllBytes(modelDir.resolve("saved_model.pb")));
            // the weights: in variables/ for a training export; an inference export holds them as constants in the graph
            Path vars = modelDir.resolve("variables");
            if (Files.isDirectory(vars)) {
                try (var files = Files.list(vars)) {
                    for (Path p : files.sorted().toList()) {
                        if (p.getFileName().toString().startsWith("variables.")) md.update(Files.readAllBytes(p));
                    }
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(Path file, FitData d) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            Outputs o = d.train();
            out.writeInt(MAGIC);
            out.writeInt(o.n());
            out.writeInt(o.classes());
            out.writeInt(o.dim());
            for (float v : o.logits()) out.writeFloat(v);
            for (float v : o.features()) out.writeFloat(v);
            for (int l : d.labels()) out.writeInt(l);
            for (float v : d.weight()) out.writeFloat(v);
            for (float v : d.bias()) out.writeFloat(v);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    static FitData read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (in.readInt() != MAGIC) throw new IOException(file + ": not a fit-data cache file");
            int n = in.readInt();
            int c = in.readInt();
            int d = in.readInt();
            // a damaged header must not size the arrays: the counts have to account for the file exactly
            long values = (long) n * c + (long) n * d + n + (long) d * c + c;
            if (n <= 0 || c <= 0 || d <= 0 || 16 + 4 * values != Files.size(file)) {
                throw new IOException(file + ": damaged fit-data cache file (" + n + " x " + c + " logits, " + d
                        + " features do not match its " + Files.size(file) + " bytes)");
            }
            float[] logits = readFloats(in, n * c);
            float[] features = readFloats(in, n * d);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = in.readInt();
            float[] w = readFloats(in, d * c);
            float[] b = readFloats(in, c);
            return new FitData(new Outputs(n, c, d, logits, features), labels, w, b);
        }
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = in.readFloat();
        return f;
    }
}
