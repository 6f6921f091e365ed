package org.loralab.train;

/** Hears about a training run epoch by epoch (a long pretraining shows progress through it). */
@FunctionalInterface
public interface TrainingProgress {

    /** Epoch {@code epoch} (from 1) of {@code epochs} finished with mean training loss {@code loss}. */
    void epochFinished(int epoch, int epochs, double loss);

    /**
     * Optimisation step {@code step} (from 1) finished; the model now holds its weights (a pretraining keeps snapshots
     * of chosen steps from here).
     */
    default void stepFinished(long step) {
    }

    /** Hears nothing. */
    TrainingProgress NONE = (epoch, epochs, loss) -> { };

    /**
     * Reports each epoch as one line to {@code lines}, for example {@code pretraining: epoch 3/10, loss 2.3141}.
     */
    static TrainingProgress lines(String stage, java.util.function.Consumer<String> lines) {
        return (epoch, epochs, loss) -> lines.accept(String.format(java.util.Locale.ROOT, "%s: epoch %d/%d, loss %.4f",
                stage, epoch, epochs, loss));
    }
}
