package dev.oodbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every dataset the suite knows, by name: its files (path under the data root, checksum, public
 * download address) and how it is read and prepared. {@code load(name)} gives the set as stored;
 * {@code load(name, h, w, c)} gives it adapted to a model's input through {@link Preprocess}, so
 * every caller prepares an OOD set the same way.
 */
public final class DatasetCatalog {
    /** How an entry's files become an {@link ImageSet}. */
    interface Reader {
        ImageSet read(String name, List<Path> files) throws IOException;
    }

    /** A catalog entry. Synthetic entries have no files. */
    public record Entry(String name, String description, List<DatasetFile> files, int count, Reader reader) {
        public boolean synthetic() {
            return files.isEmpty();
        }
    }

    private static final String MNIST_URL = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    private static final String CIFAR10_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz";
    private static final String CIFAR100_URL = "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz";
    private static final String FASHION_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";
    private static final String NOTMNIST_URL =
            "https://raw.githubusercontent.com/davidflanagan/notMNIST-to-MNIST/17823f4d4a3acd8317c07866702d2eb2ac79c7a0/";
    private static final Set<Integer> DIGITS_0_4 = Set.of(0, 1, 2, 3, 4);
    private static final Set<Integer> DIGITS_5_9 = Set.of(5, 6, 7, 8, 9);

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    private static final DatasetFile MNIST_TRAIN_IMAGES = DatasetFile.gzContent("mnist/train-images-idx3-ubyte.gz",
            "sha256:ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", MNIST_URL + "train-images-idx3-ubyte.gz");
    private static final DatasetFile MNIST_TRAIN_LABELS = DatasetFile.gzContent("mnist/train-labels-idx1-ubyte.gz",
            "sha256:65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", MNIST_URL + "train-labels-idx1-ubyte.gz");
    private static final DatasetFile MNIST_TEST_IMAGES = DatasetFile.gzContent("mnist/t10k-images-idx3-ubyte.gz",
            "sha256:0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", MNIST_URL + "t10k-images-idx3-ubyte.gz");
    private static final DatasetFile MNIST_TEST_LABELS = DatasetFile.gzContent("mnist/t10k-labels-idx1-ubyte.gz",
            "sha256:ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", MNIST_URL + "t10k-labels-idx1-ubyte.gz");

    static {
        Reader idx = (n, f) -> MnistIdx.read(n, f.get(0), f.get(1));
        add("mnist-train", "MNIST training digits", List.of(MNIST_TRAIN_IMAGES, MNIST_TRAIN_LABELS), 60000, idx);
        add("mnist-test", "MNIST test digits", List.of(MNIST_TEST_IMAGES, MNIST_TEST_LABELS), 10000, idx);
        add("mnist04-train", "MNIST training digits 0-4 (ID training set of mnist04-convnet)",
                List.of(MNIST_TRAIN_IMAGES, MNIST_TRAIN_LABELS), 30596,
                (n, f) -> MnistIdx.read(n, f.get(0), f.get(1)).filterLabels(DIGITS_0_4, n));
        add("mnist04-test", "MNIST test digits 0-4 (ID test set)", List.of(MNIST_TEST_IMAGES, MNIST_TEST_LABELS), 5139,
                (n, f) -> MnistIdx.read(n, f.get(0), f.get(1)).filterLabels(DIGITS_0_4, n));
        add("mnist59-test", "MNIST test digits 5-9 (near OOD for mnist04-convnet)",
                List.of(MNIST_TEST_IMAGES, MNIST_TEST_LABELS), 4861,
                (n, f) -> MnistIdx.read(n, f.get(0), f.get(1)).filterLabels(DIGITS_5_9, n));
        List<DatasetFile> cifarTrain = new ArrayList<>();
        String[] sums = {"cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5",
                "a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed",
                "bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67",
                "014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48",
                "755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add"};
        for (int i = 1; i <= 5; i++) {
            cifarTrain.add(DatasetFile.inTarGz("cifar-10-batches-bin/data_batch_" + i + ".bin", "sha256:" + sums[i - 1],
                    CIFAR10_URL, "cifar-10-batches-bin/data_batch_" + i + ".bin"));
        }
        add("cifar10-train", "CIFAR-10 training images", cifarTrain, 50000, Cifar10Binary::read);
        add("cifar10-test", "CIFAR-10 test images", List.of(DatasetFile.inTarGz("cifar-10-batches-bin/test_batch.bin",
                "sha256:8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b", CIFAR10_URL,
                "cifar-10-batches-bin/test_batch.bin")), 10000, Cifar10Binary::read);
        add("cifar100-test", "CIFAR-100 test images, fine labels (near OOD for CIFAR-10)",
                List.of(DatasetFile.inTarGz("cifar-100-binary/test.bin",
                        "sha256:d8b1e6b7b3bee4020055f0699b111f60b1af1e262aeb93a0b659061746f8224a", CIFAR100_URL,
                        "cifar-100-binary/test.bin")), 10000,
                (n, f) -> Cifar10Binary.read(n, f, 2, 1, 100));
        add("svhn-test", "SVHN cropped digits, test split (far OOD for CIFAR-10)",
                List.of(DatasetFile.plain("svhn/test_32x32.mat", "md5:eb5a983be6a315427106f1b2e7bfc4a2",
                        "http://ufldl.stanford.edu/housenumbers/test_32x32.mat")), 26032,
                (n, f) -> SvhnMat.read(n, f.get(0)));
        add("fashion-mnist-test", "Fashion-MNIST test images (far OOD for both models; resized and tiled to 3 channels for CIFAR-10)",
                // checksums over the decompressed content: Debian's package recompressed the .gz containers
                // (the decompressed files equal the official ones: md5 8181f547... and 15d48437...)
                List.of(DatasetFile.gzContent("fashion-mnist/t10k-images-idx3-ubyte.gz",
                                "sha256:5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
                                FASHION_URL + "t10k-images-idx3-ubyte.gz"),
                        DatasetFile.gzContent("fashion-mnist/t10k-labels-idx1-ubyte.gz",
                                "sha256:0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
                                FASHION_URL + "t10k-labels-idx1-ubyte.gz")), 10000, idx);
        add("notmnist-test", "notMNIST letters A-J, a 10,000-image sample in IDX format",
                List.of(DatasetFile.gzContent("notmnist/t10k-images-idx3-ubyte.gz",
                                "sha256:8e7f38ae95cc8f48e0986175ffc9137e5007ebcf3d8fdf6656c904eb9dab198b",
                                NOTMNIST_URL + "t10k-images-idx3-ubyte.gz"),
                        DatasetFile.gzContent("notmnist/t10k-labels-idx1-ubyte.gz",
                                "sha256:5f8e6012f2ce730700d8d05fca098bc47f71d25b890e4bec7ac5ebfd614a4001",
                                NOTMNIST_URL + "t10k-labels-idx1-ubyte.gz")), 10000, idx);
        add("omniglot", "Omniglot one-shot runs: 800 handwritten characters (105x105, inverted to bright strokes on black)",
                List.of(DatasetFile.plain("omniglot-oneshot-runs/images.tar",
                        "sha256:6c4da9a4c7284c635042f63a836542bda1b5495af8539703d8a6622a47202b8a", null)), 800,
                (n, f) -> Preprocess.invert(ImageArchive.read(n, f.get(0), 105, 105, false)));
        for (Noise.Kind k : Noise.Kind.values()) {
            String name = k.name().toLowerCase(Locale.ROOT);
            add(name, name + " noise, " + Noise.DEFAULT_COUNT + " images shaped for the model (seeded)", List.of(),
                    Noise.DEFAULT_COUNT, null);
        }
    }

    private DatasetCatalog() {}

    private static void add(String name, String description, List<DatasetFile> files, int count, Reader reader) {
        ENTRIES.put(name, new Entry(name, description, files, count, reader));
    }

    public static List<Entry> entries() {
        return new ArrayList<>(ENTRIES.values());
    }

    public static List<String> names() {
        return new ArrayList<>(ENTRIES.keySet());
    }

    public static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + String.join(", ", names()));
        }
        return e;
    }

    /** The data root in use ({@code OODBENCH_DATA} or the user cache). */
    public static Path root() {
        return DataCache.standard().root();
    }

    /** Whether every file of {@code name} is on disk (synthetic sets always are). */
    public static boolean present(String name) {
        DataCache cache = DataCache.standard();
        return entry(name).files().stream().allMatch(cache::present);
    }

    /** The set as stored (noise sets at 32x32x3). */
    public static ImageSet load(String name) throws IOException {
        return load(name, DataCache.standard());
    }

    /** The set as stored in {@code cache}'s root (noise sets at 32x32x3). */
    public static ImageSet load(String name, DataCache cache) throws IOException {
        Entry e = entry(name);
        if (e.synthetic()) return noise(name, 32, 32, 3);
        List<Path> paths = new ArrayList<>();
        for (DatasetFile f : e.files()) paths.add(cache.file(f));
        ImageSet set = e.reader().read(name, paths);
        if (set.size() != e.count()) { // e.g. a member of an archive whose header no longer names an image
            throw new DatasetFormatException(name + ": read " + set.size() + " images from " + paths.get(0)
                    + (paths.size() > 1 ? " and " + (paths.size() - 1) + " more" : "") + ", the catalog expects " + e.count()
                    + "; a file is corrupt or not the published one: run oodbench data verify " + name);
        }
        return set;
    }

    /**
     * A key that changes whenever the set's content does: the SHA-256 of its files' bytes as they are
     * in {@code cache}'s root (a replaced, edited or truncated file gives another key), or of the
     * images and labels themselves for a synthetic set. Hashing a file is remembered for the process
     * while its size and modification time stay the same.
     */
    public static String contentKey(String name, DataCache cache) throws IOException {
        Entry e = entry(name);
        MessageDigest md = sha256();
        if (e.synthetic()) {
            ImageSet set = load(name, cache);
            ByteBuffer b = ByteBuffer.allocate(4 * (set.pixels().length + set.labels().length));
            b.asFloatBuffer().put(set.pixels());
            b.position(4 * set.pixels().length);
            b.asIntBuffer().put(set.labels());
            md.update(b.array());
        } else {
            for (DatasetFile f : e.files()) {
                md.update(f.path().getBytes(StandardCharsets.UTF_8));
                md.update(fileDigest(cache.file(f)));
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    private record FileState(Path path, long size, FileTime modified) {}

    private static final Map<FileState, byte[]> DIGESTS = new ConcurrentHashMap<>();

    private static byte[] fileDigest(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        FileState state = new FileState(abs, Files.size(abs), Files.getLastModifiedTime(abs));
        byte[] known = DIGESTS.get(state);
        if (known != null) return known;
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(abs)) {
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
        }
        byte[] d = md.digest();
        DIGESTS.put(state, d);
        return d;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** The set adapted to a model input of {@code h x w x c} (noise made at that shape directly). */
    public static ImageSet load(String name, int h, int w, int c) throws IOException {
        Entry e = entry(name);
        if (e.synthetic()) return noise(name, h, w, c);
        return Preprocess.adapt(load(name), h, w, c);
    }

    private static ImageSet noise(String name, int h, int w, int c) {
        Noise.Kind kind = Noise.Kind.valueOf(name.toUpperCase(Locale.ROOT));
        return Noise.make(kind, Noise.DEFAULT_COUNT, h, w, c, 1000L + kind.ordinal());
    }

    /** Bytes on disk of the entry's present files. */
    public static long bytesOnDisk(String name) throws IOException {
        DataCache cache = DataCache.standard();
        long total = 0;
        for (DatasetFile f : entry(name).files()) {
            if (cache.present(f)) total += Files.size(cache.root().resolve(f.path()));
        }
        return total;
    }
}
