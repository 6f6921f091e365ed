package org.loralab.train;

/**
 * How long and how to train.
 *
 * @param epochs    passes over the training set, >= 1
 * @param batchSize examples per step, >= 1 (the last batch of an epoch may be smaller)
 * @param optimizer Adam or AdamW settings
 * @param schedule  learning-rate schedule over all steps of the run
 * @param seed      seeds the minibatch order (and dropout through the adapters' own seeds)
 */
public record TrainConfig(int epochs, int batchSize, AdamConfig optimizer, LearningRateSchedule schedule, long seed) {

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
        }
        if (optimizer == null || schedule == null) {
            throw new IllegalArgumentException("optimizer and schedule must be set");
        }
    }

    /** Optimizer steps of a run over {@code examples} training examples. */
    public long totalSteps(int examples) {
        return (long) epochs * ((examples + batchSize - 1) / batchSize);
    }

    public TrainConfig withEpochs(int newEpochs) {
        return new TrainConfig(newEpochs, batchSize, optimizer, schedule, seed);
    }

    public TrainConfig withSeed(long newSeed) {
        return new TrainConfig(epochs, batchSize, optimizer, schedule, newSeed);
    }
}
