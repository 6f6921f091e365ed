package org.loralab.sweep;

import org.loralab.results.JobResult;

/** Hears about an experiment's progress (a progress bar, a log, a notebook widget). */
public interface RunListener {

    /** Before any job runs: {@code total} jobs, of which {@code alreadyDone} were found finished. */
    default void started(int total, int alreadyDone) {
    }

    /** A step of building the task that takes a while (an epoch of pretraining), as one line. */
    default void preparing(String step) {
    }

    /**
     * The task is built and jobs start: after its data is read and, the first time, its base model pretrained
     * ({@code seconds} that took).
     */
    default void ready(double seconds) {
    }

    /** A job finished (called from the worker thread that ran it). */
    default void finished(JobResult result) {
    }

    /** Prints nothing. */
    RunListener SILENT = new RunListener() {
    };
}
