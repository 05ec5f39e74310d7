package dev.oodbench.data;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The batching loop, written once: an {@link ImageSet} as consecutive batches of at most
 * {@code batchSize} images, in order, the last one shorter. Each batch's pixels are a fresh NHWC
 * copy, so a batch can be handed to a tensor while the set stays untouched.
 *
 * <pre>{@code
 * for (Batches.Batch b : Batches.of(set, 256)) {
 *     float[] s = scorer.score(b.pixels(), b.size());   // images [b.from(), b.from() + b.size())
 *     progress.accept(b.size());
 * }
 * }</pre>
 */
public final class Batches implements Iterable<Batches.Batch> {
    /** Images {@code [from, from + size)} of the set, packed NHWC. */
    public record Batch(int from, int size, float[] pixels) {}

    private final ImageSet set;
    private final int batchSize;

    private Batches(ImageSet set, int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        this.set = set;
        this.batchSize = batchSize;
    }

    public static Batches of(ImageSet set, int batchSize) {
        return new Batches(set, batchSize);
    }

    @Override
    public Iterator<Batch> iterator() {
        return new Iterator<>() {
            private int from;

            @Override
            public boolean hasNext() {
                return from < set.size();
            }

            @Override
            public Batch next() {
                if (!hasNext()) throw new NoSuchElementException();
                int n = Math.min(batchSize, set.size() - from);
                int per = set.imageSize();
                Batch b = new Batch(from, n, Arrays.copyOfRange(set.pixels(), from * per, (from + n) * per));
                from += n;
                return b;
            }
        };
    }
}
