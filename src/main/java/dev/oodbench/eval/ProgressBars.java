package dev.oodbench.eval;

import dev.oodbench.data.ProgressOutput;
import me.tongfei.progressbar.ProgressBar;

/**
 * Console progress (stderr) for evaluation stages, used by {@code eval} and by a benchmark run's accuracy phase:
 * one bar per stage, images as the unit; plain lines off a terminal. A stage of unknown size (fit data, which
 * may come from the cache at once) shows a bar only once images arrive, never an empty {@code 0/?} one.
 */
public final class ProgressBars implements Evaluation.Progress, AutoCloseable {
    private ProgressBar bar;
    private String pending;

    @Override
    public void stage(String what, long images) {
        close();
        if (images > 0) bar = ProgressOutput.bar(what, images, " img", 1, true);
        else pending = what;
    }

    @Override
    public void advance(long images) {
        if (bar == null && pending != null) {
            bar = ProgressOutput.bar(pending, -1, " img", 1, true);
            pending = null;
        }
        if (bar != null) bar.stepBy(images);
    }

    /** Whether a bar is on screen (a stage of unknown size shows none until its first images). */
    boolean showing() {
        return bar != null;
    }

    @Override
    public void close() {
        pending = null;
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
