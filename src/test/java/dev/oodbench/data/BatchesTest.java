package dev.oodbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {
    /** 7 images of 2x1x1 whose pixels are their own index, so a batch shows which images it holds. */
    private static ImageSet seven() {
        float[] px = new float[14];
        for (int i = 0; i < px.length; i++) px[i] = i / 2;
        return new ImageSet("seven", 2, 1, 1, px, new int[7]);
    }

    @Test
    void coversTheSetInOrderWithAShorterLastBatch() {
        List<Batches.Batch> got = new ArrayList<>();
        Batches.of(seven(), 3).forEach(got::add);
        assertEquals(List.of(0, 3, 6), got.stream().map(Batches.Batch::from).toList());
        assertEquals(List.of(3, 3, 1), got.stream().map(Batches.Batch::size).toList());
        assertArrayEquals(new float[] {3, 3, 4, 4, 5, 5}, got.get(1).pixels());
        assertArrayEquals(new float[] {6, 6}, got.get(2).pixels());
    }

    @Test
    void batchesAreCopiesAndOneBatchHoldsASmallSet() {
        ImageSet set = seven();
        List<Batches.Batch> got = new ArrayList<>();
        Batches.of(set, 256).forEach(got::add);
        assertEquals(1, got.size());
        got.get(0).pixels()[0] = 99;
        assertEquals(0, set.pixels()[0]);
    }

    @Test
    void aNonPositiveBatchSizeIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> Batches.of(seven(), 0));
    }
}
