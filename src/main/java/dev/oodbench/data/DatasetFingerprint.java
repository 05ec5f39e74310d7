package dev.oodbench.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a set of images is, as decoded: the first 64 bits (16 hex digits) of SHA-256 over its shape
 * (count, height, width, channels), every pixel's float32 bits in order (NHWC, little-endian) and every
 * label. Two sets with the same fingerprint are the same images in the same order, so per-sample scores
 * of two runs pair up sample by sample; a changed file, preprocessing, selection or order changes it.
 * Computed on the set exactly as the model received it (after {@link Preprocess}).
 */
public final class DatasetFingerprint {
    /** The number of hex digits kept. */
    public static final int DIGITS = 16;

    private DatasetFingerprint() {}

    public static String of(ImageSet set) {
        MessageDigest sha = sha256();
        ByteBuffer head = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
        head.putInt(set.size()).putInt(set.height()).putInt(set.width()).putInt(set.channels());
        sha.update(head.array());
        float[] px = set.pixels();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < px.length; ) {
            buf.clear();
            int n = Math.min(px.length - i, buf.capacity() / 4);
            buf.asFloatBuffer().put(px, i, n);
            sha.update(buf.array(), 0, 4 * n);
            i += n;
        }
        ByteBuffer lb = ByteBuffer.allocate(4 * set.size()).order(ByteOrder.LITTLE_ENDIAN);
        lb.asIntBuffer().put(set.labels());
        sha.update(lb.array());
        return HexFormat.of().formatHex(sha.digest()).substring(0, DIGITS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
