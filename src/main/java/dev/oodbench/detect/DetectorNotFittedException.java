package dev.oodbench.detect;

/** A detector that needs fitting was asked to score before {@link Detector#fit}. */
public class DetectorNotFittedException extends IllegalStateException {
    public DetectorNotFittedException(String detector) {
        super("detector " + detector + " is not fitted; call fit() with in-distribution training outputs first");
    }
}
