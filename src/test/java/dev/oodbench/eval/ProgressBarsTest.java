package dev.oodbench.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A stage of unknown size that does no work (fit data read from the cache) shows no empty 0/? bar. */
class ProgressBarsTest {
    @Test
    void aStageOfUnknownSizeShowsABarOnlyOnceImagesArrive() {
        try (ProgressBars p = new ProgressBars()) {
            p.stage("fit outputs mnist04-train", 0);
            assertFalse(p.showing(), "cached fit data: nothing to show");
            p.stage("mnist04-convnet: 2 detectors", 100);
            assertTrue(p.showing());
            p.stage("fit outputs mnist04-train", 0);
            assertFalse(p.showing());
            p.advance(500);
            assertTrue(p.showing(), "computed fit data: its images are counted");
        }
    }
}
