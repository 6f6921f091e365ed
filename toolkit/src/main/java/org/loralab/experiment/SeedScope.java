package org.loralab.experiment;

import java.util.Locale;

/** What a seed of the spec's {@code seeds} varies: what a spread over seeds measures. */
public enum SeedScope {
    /**
     * Initialisation (LoRA's A, the subspace's projection) and minibatch order: optimiser noise, on one data split and
     * one base model.
     */
    TRAINING,
    /**
     * Also the task: each seed draws its own data split and base model (pretraining again where the task pretrains; a
     * planted task also its planted update), from the task seed combined with the seed ({@link #taskSeed}): what a
     * replication would see.
     */
    ALL;

    /** The spec key's value: {@code training} or {@code all}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The task seed a trial of {@code seed} uses: the spec's under TRAINING; under ALL, task seed + 1,000,000 x seed. */
    public long taskSeed(long specTaskSeed, long seed) {
        return this == TRAINING ? specTaskSeed : specTaskSeed + 1_000_000L * seed;
    }
}
