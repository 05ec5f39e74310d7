package dev.oodbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class DatasetFingerprintTest {
    static ImageSet set(float[] px, int[] labels) {
        return new ImageSet("s", 2, 2, 1, px, labels);
    }

    @Test
    void theSameImagesInTheSameOrderHaveOneFingerprintAndAnyChangeChangesIt() {
        float[] px = {0, 0.25f, 0.5f, 1, 1, 0.5f, 0.25f, 0};
        String a = DatasetFingerprint.of(set(px, new int[] {3, 4}));
        assertEquals(DatasetFingerprint.DIGITS, a.length());
        assertEquals(a, DatasetFingerprint.of(set(px.clone(), new int[] {3, 4})));
        float[] onePixel = px.clone();
        onePixel[5] = Math.nextUp(onePixel[5]);
        assertNotEquals(a, DatasetFingerprint.of(set(onePixel, new int[] {3, 4})), "one pixel, one ulp");
        float[] swapped = {1, 0.5f, 0.25f, 0, 0, 0.25f, 0.5f, 1};
        assertNotEquals(a, DatasetFingerprint.of(set(swapped, new int[] {4, 3})), "the same images in another order");
        assertNotEquals(a, DatasetFingerprint.of(set(px, new int[] {3, 5})), "a label");
        assertNotEquals(a, DatasetFingerprint.of(set(px, new int[] {3, 4}).head(1)), "a selection");
        assertNotEquals(a, DatasetFingerprint.of(new ImageSet("s", 1, 4, 1, px, new int[] {3, 4})), "another shape");
    }

    @Test
    void noiseSetsAreMadeAlikeEachTime() throws Exception {
        assertEquals(DatasetFingerprint.of(DatasetCatalog.load("gaussian", 28, 28, 1)),
                DatasetFingerprint.of(DatasetCatalog.load("gaussian", 28, 28, 1)));
        assertNotEquals(DatasetFingerprint.of(DatasetCatalog.load("gaussian", 28, 28, 1)),
                DatasetFingerprint.of(DatasetCatalog.load("uniform", 28, 28, 1)));
    }
}
