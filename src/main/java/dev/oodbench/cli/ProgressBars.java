package dev.oodbench.cli;

import dev.oodbench.eval.Evaluation;
import dev.oodbench.data.ProgressOutput;
import me.tongfei.progressbar.ProgressBar;

/** Console progress (stderr) for evaluation stages: one bar per stage, images as the unit; plain lines off a terminal. */
final class ProgressBars implements Evaluation.Progress, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void stage(String what, long images) {
        close();
        bar = ProgressOutput.bar(what, images > 0 ? images : -1, " img", 1, true);
    }

    @Override
    public void advance(long images) {
        if (bar != null) bar.stepBy(images);
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
