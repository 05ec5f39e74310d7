package dev.oodbench.data;

/**
 * One file of a dataset: its path under the data root, its checksum ({@code sha256:...} or
 * {@code md5:...}; of the decompressed content when {@code contentChecksum}, so re-gzipped copies
 * still verify), where to download it, and the archive member to extract when the download is an
 * archive ({@code null} for a plain file).
 */
public record DatasetFile(String path, String checksum, boolean contentChecksum, String url, String archiveMember) {
    public static DatasetFile plain(String path, String checksum, String url) {
        return new DatasetFile(path, checksum, false, url, null);
    }

    public static DatasetFile gzContent(String path, String checksum, String url) {
        return new DatasetFile(path, checksum, true, url, null);
    }

    public static DatasetFile inTarGz(String path, String checksum, String url, String member) {
        return new DatasetFile(path, checksum, false, url, member);
    }
}
