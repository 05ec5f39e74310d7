package dev.oodbench.eval;

import dev.oodbench.data.DataCache;
import dev.oodbench.data.DatasetCatalog;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.FitData;
import dev.oodbench.model.Classifier;
import dev.oodbench.model.Outputs;
import dev.oodbench.model.StageMaps;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.IntConsumer;

/**
 * The model's outputs on its ID training set, computed once and kept on disk: every detector fit
 * and every benchmark fork reads them instead of running 50,000 images through the model again.
 * With them the global average pool of each stage map (ResNet-20: 16 + 32 + 64 values per image,
 * 22 MB for 50,000), which MDS-ensemble fits on; the full maps are too large to keep, so the fit
 * data read back streams them from the model again ({@link TrainingMapStream}) when Gram asks.
 * The key is the model's files (SHA-256), the dataset name and the training set's content (the
 * SHA-256 of its files as read, {@link DatasetCatalog#contentKey}), so neither a retrained model nor
 * a changed, replaced or truncated training file ever reuses stale outputs. The file ends with a
 * CRC-32 of its content ({@link CacheFile}): a damaged file is recomputed, never trusted. A cache
 * folder that cannot be written costs a warning and the next run its pass, never the results. What
 * a fit reduces the full maps to (Gram's ranges) is kept beside the file under the same key
 * ({@link TrainingMapStream}).
 */
public final class FitDataCache {
    /** Version 3 (0x...DC) ends with a CRC-32; older files fail the checksum or the magic check and are recomputed. */
    private static final int MAGIC = 0x0D0F17DC;
    private final Path dir;
    private final DataCache data;
    private final PrintStream warnings;

    public FitDataCache(Path dir) {
        this(dir, DataCache.standard(), System.err);
    }

    /** A cache in {@code dir} over the datasets of {@code data}; a folder that cannot be written is reported on {@code warnings}. */
    public FitDataCache(Path dir, DataCache data, PrintStream warnings) {
        this.dir = dir;
        this.data = data;
        this.warnings = warnings;
    }

    /** The default cache folder: {@code <oodbench.home>/build/cache}. */
    public static FitDataCache standard() {
        return new FitDataCache(Path.of(System.getProperty("oodbench.home", "."), "build", "cache"));
    }

    /** Fit data for {@code model} on the catalog set {@code trainSet}, from the cache or computed and stored. */
    public FitData get(Classifier model, Path modelDir, String trainSet, int batchSize, IntConsumer progress)
            throws IOException {
        String name = model.name() + "-" + trainSet + "-" + key(modelDir) + "-" + DatasetCatalog.contentKey(trainSet, data);
        Path file = dir.resolve(name + ".fit");
        Supplier<ImageSet> reload = () -> {
            try {
                return DatasetCatalog.load(trainSet, data);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        FitData fit = null;
        if (Files.isRegularFile(file)) {
            try {
                fit = read(file);
            } catch (IOException e) {
                CacheFile.discard(file); // a damaged cache entry is recomputed, never trusted
            }
        }
        boolean kept = true;
        if (fit == null) {
            fit = FitDataCollector.collect(model, DatasetCatalog.load(trainSet, data), reload, batchSize, progress);
            try {
                write(file, fit);
            } catch (IOException e) {
                kept = false;
                warnings.println("warning: cannot write the fit-data cache " + dir + " (" + reason(e)
                        + "); continuing without it: make the folder writable or remove it to keep the fit data for the next run");
            }
        }
        // read back or just computed: the map parts come from the loaded model, the map stream keeps its summaries here
        if (fit.pooledStages() == null) return fit;
        Path summaries = kept ? dir.resolve(name) : null; // the prefix of the training maps' kept summaries (Gram's ranges)
        return fit.withMaps(fit.pooledStages(), model.mapHead(), new TrainingMapStream(model, reload, batchSize, summaries));
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName().replace("Exception", "") + (m == null ? "" : ": " + m);
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
        CacheFile.write(file, out -> {
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
            StageMaps p = d.pooledStages();
            out.writeInt(p == null ? 0 : p.stages());
            for (int s = 0; p != null && s < p.stages(); s++) {
                out.writeUTF(p.names().get(s));
                out.writeInt(p.channels(s));
            }
            for (int s = 0; p != null && s < p.stages(); s++) for (float v : p.values().get(s)) out.writeFloat(v);
        });
    }

    static FitData read(Path file) throws IOException {
        long size = Files.size(file) - 8; // the content, without its CRC-32
        try (DataInputStream in = CacheFile.read(file)) {
            if (in.readInt() != MAGIC) throw new IOException(file + ": not a fit-data cache file");
            int n = in.readInt();
            int c = in.readInt();
            int d = in.readInt();
            // a damaged header must not size the arrays: the counts have to account for the file exactly
            long values = (long) n * c + (long) n * d + n + (long) d * c + c;
            if (n <= 0 || c <= 0 || d <= 0 || 16 + 4 * values + 4 > size) {
                throw new IOException(file + ": damaged fit-data cache file (" + n + " x " + c + " logits, " + d
                        + " features do not match its " + size + " bytes)");
            }
            float[] logits = readFloats(in, n * c);
            float[] features = readFloats(in, n * d);
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) labels[i] = in.readInt();
            float[] w = readFloats(in, d * c);
            float[] b = readFloats(in, c);
            int stages = in.readInt();
            long header = 16 + 4 * values + 4;
            List<String> names = new ArrayList<>();
            List<int[]> shapes = new ArrayList<>();
            long pooled = 0;
            for (int s = 0; s < stages && s < 64; s++) {
                String name = in.readUTF();
                int ch = in.readInt();
                if (ch <= 0 || ch > 1 << 16) throw new IOException(file + ": damaged fit-data cache file (stage " + name + ")");
                names.add(name);
                shapes.add(new int[] {1, 1, ch});
                header += 2 + name.getBytes(StandardCharsets.UTF_8).length + 4;
                pooled += (long) n * ch;
            }
            if (stages < 0 || stages > 64 || header + 4 * pooled != size) {
                throw new IOException(file + ": damaged fit-data cache file (" + stages + " pooled stages do not match its "
                        + size + " bytes)");
            }
            List<float[]> maps = new ArrayList<>();
            for (int[] sh : shapes) maps.add(readFloats(in, n * sh[2]));
            FitData data = new FitData(new Outputs(n, c, d, logits, features), labels, w, b);
            return stages == 0 ? data : data.withMaps(new StageMaps(n, names, shapes, maps), null, null);
        }
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = in.readFloat();
        return f;
    }
}
