package org.loralab.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.loralab.sweep.JobResult;
import org.loralab.sweep.RunListener;

/**
 * Progress of an experiment: a progress bar with the time left on a terminal, one line per finished
 * job otherwise (logs, CI), so that long runs always show where they are.
 */
final class JobProgress implements RunListener, AutoCloseable {
    private final String name;
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;
    private int done;
    private int total;

    JobProgress(String name, PrintWriter err) {
        this.name = name;
        this.err = err;
    }

    @Override
    public synchronized void started(int total, int alreadyDone) {
        this.total = total;
        this.done = alreadyDone;
        if (alreadyDone > 0) {
            err.println(name + ": resuming, " + alreadyDone + " of " + total + " jobs already finished");
        }
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).build();
            bar.stepTo(alreadyDone);
        }
    }

    @Override
    public synchronized void finished(JobResult result) {
        done++;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(result.job().toString());
        } else {
            err.printf(java.util.Locale.ROOT, "%s: [%d/%d] %s done in %.1f s%n", name, done, total, result.job(), result.seconds());
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
