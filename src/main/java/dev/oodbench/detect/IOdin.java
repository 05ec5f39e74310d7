package dev.oodbench.detect;

/**
 * iODIN: ODIN with the input perturbation restricted to the single input element (pixel and
 * channel) of largest gradient magnitude per image, {@code x' = x - eps * sign(g) * onehot(argmax |g|)},
 * then MSP at temperature T. This follows OpenOOD v1.5's {@code IODINPostprocessor} (its defaults:
 * T = 1000, noise 0.0014); OpenOOD names no paper for it. As in {@link Odin}, epsilon is in the
 * model's [0,1] pixel space (OpenOOD divides the step by the per-channel std), and the score is the
 * non-saturating MSP form.
 */
public final class IOdin extends Odin {
    public IOdin() {
        this(DEFAULT_TEMPERATURE, DEFAULT_EPSILON);
    }

    public IOdin(double temperature, double epsilon) {
        super("iodin", temperature, epsilon, true);
    }
}
