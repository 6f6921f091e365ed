package org.loralab.train;

/** How the learning rate changes over the steps of a training run. */
public enum LearningRateSchedule {
    /** The base rate at every step. */
    CONSTANT {
        @Override
        public double factor(long step, long totalSteps) {
            return 1.0;
        }
    },
    /**
     * Cosine decay from the base rate to 0 over the run (Loshchilov and Hutter 2017, no restarts). Adam's
     * noise at a constant rate adds small full-rank components to dW; decaying the rate removes most of them.
     */
    COSINE {
        @Override
        public double factor(long step, long totalSteps) {
            return 0.5 * (1 + Math.cos(Math.PI * step / totalSteps));
        }
    },
    /** Linear decay from the base rate to 0 over the run. */
    LINEAR {
        @Override
        public double factor(long step, long totalSteps) {
            return 1.0 - (double) step / totalSteps;
        }
    };

    /** Multiplier of the base rate at {@code step} (0-based) of {@code totalSteps}. */
    public abstract double factor(long step, long totalSteps);
}
