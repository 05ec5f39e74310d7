package dev.oodbench.eval;

import dev.oodbench.data.Batches;
import dev.oodbench.data.ImageSet;
import dev.oodbench.detect.TrainingMaps;
import dev.oodbench.model.Classifier;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The training images' full stage maps, computed batch by batch when a detector asks (Gram's fit):
 * 50,000 ResNet-20 maps are 1.3 GB, too large to cache or keep. The image set is loaded on each
 * pass (from the dataset cache), so fit data read from {@link FitDataCache} does not hold it. What a
 * fit reduces the maps to ({@link TrainingMaps.Summary}, e.g. Gram's per-class ranges: 11,200 numbers
 * for ResNet-20) is small, and is kept on disk beside the fit data when the stream has a place for it
 * ({@code <fit-data name>-<summary key>.summary}): the fit data's key (the model's files, the
 * training set) and the summary's own key name everything it depends on. The file ends with a
 * CRC-32 of its contents: a damaged file is recomputed, never trusted. A folder that cannot be
 * written only means the next fit streams the maps again.
 */
final class TrainingMapStream implements TrainingMaps {
    private static final int MAGIC = 0x0D0F5E02; // 02: ends with a CRC-32
    private final Classifier model;
    private final Supplier<ImageSet> images;
    private final int batchSize;
    private final Path summaries; // file name prefix of the kept summaries; null: none kept

    TrainingMapStream(Classifier model, Supplier<ImageSet> images, int batchSize) {
        this(model, images, batchSize, null);
    }

    TrainingMapStream(Classifier model, Supplier<ImageSet> images, int batchSize, Path summaries) {
        this.model = model;
        this.images = images;
        this.batchSize = batchSize;
        this.summaries = summaries;
    }

    @Override
    public void forEachBatch(Batch batch) {
        ImageSet set = images.get();
        model.checkShape(set);
        for (Batches.Batch b : Batches.of(set, batchSize)) {
            batch.accept(b.from(), model.runWithMaps(b.pixels(), b.size(), false).maps());
        }
    }

    @Override
    public Summary summary(String key, Function<TrainingMaps, Summary> reduce) {
        if (summaries == null) return reduce.apply(this);
        if (!key.matches("[A-Za-z0-9_.=-]+")) throw new IllegalArgumentException("summary key '" + key + "' is not a file name part");
        Path file = summaries.resolveSibling(summaries.getFileName() + "-" + key + ".summary");
        if (Files.isRegularFile(file)) {
            try {
                return read(file, key);
            } catch (IOException e) {
                CacheFile.discard(file); // rewritten below
            }
        }
        Summary s = reduce.apply(this);
        try {
            write(file, key, s);
        } catch (IOException e) {
            // keeping it is an optimisation: a cache folder that cannot be written costs the next fit a pass, nothing more
        }
        return s;
    }

    /** The summary, written whole or not at all and checksummed ({@link CacheFile}). */
    static void write(Path file, String key, Summary s) throws IOException {
        CacheFile.write(file, out -> {
            out.writeInt(MAGIC);
            out.writeUTF(key);
            out.writeInt(s.stages().size());
            for (int i = 0; i < s.stages().size(); i++) {
                out.writeUTF(s.stages().get(i));
                out.writeInt(s.channels()[i]);
            }
            out.writeInt(s.tables().length);
            for (double[][] table : s.tables()) {
                out.writeInt(table.length);
                for (double[] row : table) {
                    out.writeInt(row.length);
                    for (double v : row) out.writeDouble(v);
                }
            }
        });
    }

    /** The summary in {@code file}; any damage (a wrong checksum, key or count, missing or extra bytes) is an IOException. */
    static Summary read(Path file, String key) throws IOException {
        long size = Files.size(file);
        try (DataInputStream in = CacheFile.read(file)) {
            if (in.readInt() != MAGIC || !in.readUTF().equals(key)) throw new IOException(file + ": not a summary of " + key);
            int stages = count(in, size, file);
            List<String> names = new ArrayList<>();
            int[] channels = new int[stages];
            for (int i = 0; i < stages; i++) {
                names.add(in.readUTF());
                channels[i] = count(in, size, file);
            }
            double[][][] tables = new double[count(in, size, file)][][];
            for (int t = 0; t < tables.length; t++) {
                tables[t] = new double[count(in, size, file)][];
                for (int r = 0; r < tables[t].length; r++) {
                    double[] row = new double[count(in, size, file)];
                    for (int i = 0; i < row.length; i++) row[i] = in.readDouble();
                    tables[t][r] = row;
                }
            }
            if (in.read() != -1) throw new IOException(file + ": damaged summary (bytes after its last table)");
            return new Summary(names, channels, tables);
        }
    }

    /** A count read from the file: a damaged one must not size an array beyond the file's bytes. */
    private static int count(DataInputStream in, long size, Path file) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > size) throw new IOException(file + ": damaged summary (count " + n + " in a file of " + size + " bytes)");
        return n;
    }
}
