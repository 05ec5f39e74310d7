package dev.oodbench.cli;

import dev.oodbench.eval.Evaluation;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Console progress (stderr) for evaluation stages: one bar per stage, images as the unit. */
final class ProgressBars implements Evaluation.Progress, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void stage(String what, long images) {
        close();
        bar = new ProgressBarBuilder().setTaskName(what).setInitialMax(images > 0 ? images : -1)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" img", 1).showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
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
