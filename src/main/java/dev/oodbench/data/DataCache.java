package dev.oodbench.data;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import me.tongfei.progressbar.ProgressBar;

/**
 * Where dataset files live and how a missing one arrives: {@code OODBENCH_DATA} (a folder laid out
 * like shared/data) else {@code ~/.cache/oodbench}. A missing file is downloaded to a temporary
 * file beside its target, checked against its checksum, and only then moved into place; without
 * network the error is one line naming the file, where to put it and where to get it.
 */
public final class DataCache {
    private final Path root;
    private final boolean download;
    /** Whether the user named the root ({@code OODBENCH_DATA}): then it must be a readable folder. */
    private final boolean named;

    public DataCache(Path root, boolean download) {
        this(root, download, false);
    }

    DataCache(Path root, boolean download, boolean named) {
        this.root = root;
        this.download = download;
        this.named = named;
    }

    /** The cache the environment points at; downloads unless {@code OODBENCH_OFFLINE} is set. */
    public static DataCache standard() {
        String env = System.getenv("OODBENCH_DATA");
        boolean named = env != null && !env.isBlank();
        Path root = named ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "oodbench");
        return new DataCache(root, System.getenv("OODBENCH_OFFLINE") == null, named);
    }

    /**
     * What is wrong with the data root, or null: it does not exist, is a file, or cannot be read. The default
     * root ({@code ~/.cache/oodbench}) may be absent (downloads create it); an {@code OODBENCH_DATA} may not.
     */
    public String rootProblem() {
        String what = named ? "OODBENCH_DATA=" + root : "the data root " + root;
        if (!Files.exists(root)) return named ? what + " does not exist; point OODBENCH_DATA at the folder that holds "
                + "the datasets, or unset it to use ~/.cache/oodbench" : null;
        if (!Files.isDirectory(root)) return what + " is a file, not a folder; point it at the folder that holds the datasets";
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            return what + " cannot be read (permissions " + permissions(root) + "); make it readable (chmod u+rx)";
        }
        return null;
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (IOException | UnsupportedOperationException e) {
            return "unknown";
        }
    }

    public Path root() {
        return root;
    }

    public boolean present(DatasetFile f) {
        return Files.isRegularFile(root.resolve(f.path()));
    }

    /** The local path of {@code f}, downloading it first when missing. */
    public Path file(DatasetFile f) throws IOException {
        Path target = root.resolve(f.path());
        if (Files.isRegularFile(target)) return target;
        if (Files.exists(target)) throw notAFile(f, target);
        String rootProblem = rootProblem();
        if (rootProblem != null) throw new DatasetFormatException(rootProblem);
        if (Files.isSymbolicLink(target)) {
            throw new DatasetFormatException(target + " is a symbolic link that leads to no file (a loop, or its target "
                    + "is gone); replace it with the dataset file " + f.path());
        }
        if (!download || f.url() == null) throw missing(f, null);
        try {
            fetch(f, target);
        } catch (IOException e) {
            throw missing(f, e);
        }
        return target;
    }

    /** Something other than a file (a folder) where a dataset file belongs: an error, never "missing". */
    public static DatasetFormatException notAFile(DatasetFile f, Path target) {
        return new DatasetFormatException(target + " is " + (Files.isDirectory(target) ? "a folder" : "not a regular file")
                + " where the dataset file " + f.path() + " belongs; remove it and put the file there");
    }

    private IOException missing(DatasetFile f, IOException cause) {
        String why = cause == null ? "" : " (download failed: " + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()) + ")";
        return new FileNotFoundException("dataset file " + f.path() + " is missing" + why + "; put it at "
                + root.resolve(f.path()) + (f.url() == null ? "" : " (get it from " + f.url()
                + (f.archiveMember() == null ? "" : ", member " + f.archiveMember()) + ")")
                + " or set OODBENCH_DATA to a folder that holds it");
    }

    private void fetch(DatasetFile f, Path target) throws IOException {
        Path made = firstMissing(target.getParent());
        Files.createDirectories(target.getParent());
        try {
            fetchInto(f, target);
        } catch (IOException | RuntimeException e) {
            removeEmpty(target.getParent(), made); // a failed download leaves no empty folder behind
            throw e;
        }
    }

    /** The outermost folder of {@code dir} that does not exist yet, or null when {@code dir} exists. */
    private static Path firstMissing(Path dir) {
        Path made = null;
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) made = p;
        return made;
    }

    /** Deletes the empty folders from {@code dir} up to {@code made} (both included), those this cache created. */
    private static void removeEmpty(Path dir, Path made) {
        if (made == null) return;
        for (Path p = dir; p != null && p.startsWith(made); p = p.getParent()) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException notEmpty) {
                return;
            }
        }
    }

    private void fetchInto(DatasetFile f, Path target) throws IOException {
        Path download = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".download");
        Path extracted = null;
        try {
            HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(20)).build();
            HttpResponse<InputStream> resp;
            try {
                resp = client.send(HttpRequest.newBuilder(URI.create(f.url())).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
            if (resp.statusCode() != 200) throw new IOException("HTTP " + resp.statusCode() + " from " + f.url());
            long size = resp.headers().firstValueAsLong("content-length").orElse(-1);
            try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(download);
                 ProgressBar bar = ProgressOutput.bar(f.path(), size, "MB", 1 << 20, false)) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) {
                    out.write(buf, 0, r);
                    bar.stepBy(r);
                }
            }
            Path result = download;
            if (f.archiveMember() != null) {
                extracted = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".member");
                TarGz.extract(download, f.archiveMember(), extracted);
                result = extracted;
            }
            verify(f, result);
            Files.move(result, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(download);
            if (extracted != null) Files.deleteIfExists(extracted);
        }
    }

    /** Checks {@code file} against {@code f}'s checksum; a mismatch is a {@link DatasetFormatException}. */
    public static void verify(DatasetFile f, Path file) throws IOException {
        if (f.checksum() == null) return;
        String[] parts = f.checksum().split(":", 2);
        String algo = parts[0].equals("md5") ? "MD5" : "SHA-256";
        String actual = digest(file, algo, f.contentChecksum());
        if (!actual.equalsIgnoreCase(parts[1])) {
            throw new DatasetFormatException(file + ": " + parts[0] + " " + actual + " does not match the expected "
                    + parts[1] + (f.contentChecksum() ? " (of the decompressed content)" : "")
                    + "; the file is corrupt or truncated: delete it and download it again");
        }
    }

    static String digest(Path file, String algo, boolean decompress) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance(algo);
            try (InputStream raw = Files.newInputStream(file);
                 InputStream in = decompress ? new GZIPInputStream(raw, 1 << 16) : raw) {
                byte[] buf = new byte[1 << 16];
                for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            } catch (ZipException | EOFException e) {
                throw new DatasetFormatException(file + ": corrupt gzip data (" + e.getMessage() + "); re-download it");
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
