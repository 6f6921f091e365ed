package org.loralab.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.loralab.checkpoint.CheckpointAnalysis;
import org.loralab.results.JobResult;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.sweep.RunListener;

/**
 * Progress of long work (an experiment's jobs, a checkpoint's tensors): a progress bar with the time left on a
 * terminal, one line per finished item otherwise (logs, CI), so that long runs always show where they are.
 */
final class Progress implements RunListener, CheckpointAnalysis.Listener, AutoCloseable {
    private final String name;
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;
    private int done;
    private int total;
    private int doneAtStart;
    private long start = System.nanoTime();
    private long last = System.nanoTime();

    Progress(String name, PrintWriter err) {
        this.name = name;
        this.err = err;
    }

    @Override
    public synchronized void started(int total, int alreadyDone) {
        this.total = total;
        this.done = alreadyDone;
        this.doneAtStart = alreadyDone;
        this.start = System.nanoTime();
        this.last = start;
        if (alreadyDone > 0) {
            err.println(name + ": resuming, " + alreadyDone + " of " + total + " jobs already finished");
        }
    }

    private void showBar() {
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500).build();
            bar.stepTo(done);
        }
    }

    @Override
    public synchronized void preparing(String step) {
        err.println(name + ": " + step);
        err.flush();
    }

    @Override
    public synchronized void ready(double seconds) {
        // a line only when preparing took a while (the first run pretrains a base model), so that bad input stays one line
        if (seconds >= 10) {
            err.printf(java.util.Locale.ROOT, "%s: task ready in %.1f s (its base model is kept for later runs)%n", name, seconds);
        }
        err.flush();
        start = System.nanoTime(); // the time left counts from here: preparing is not a job
        last = start;
        showBar();
    }

    @Override
    public void finished(JobResult result) {
        step(result.job().toString(), result.seconds());
    }

    @Override
    public synchronized void planned(int tensors) {
        total = tensors;
        done = 0;
        doneAtStart = 0;
        start = System.nanoTime();
        last = start;
        showBar();
    }

    @Override
    public synchronized void analysed(UpdateSpectrum spectrum) {
        long now = System.nanoTime();
        step(spectrum.tensor(), (now - last) / 1e9);
        last = now;
    }

    private synchronized void step(String what, double seconds) {
        done++;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(what);
        } else {
            // time left from the pace of this run (resumed items took no time)
            double elapsed = (System.nanoTime() - start) / 1e9;
            double left = elapsed / (done - doneAtStart) * (total - done);
            err.printf(java.util.Locale.ROOT, "%s: [%d/%d] %s done in %.1f s%s%n", name, done, total, what, seconds,
                    done < total ? String.format(java.util.Locale.ROOT, ", about %s left", duration(left)) : "");
            err.flush();
        }
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? s / 60 + " min " + s % 60 + " s" : s / 3600 + " h " + s % 3600 / 60 + " min";
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
