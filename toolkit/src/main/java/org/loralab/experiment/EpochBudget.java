package org.loralab.experiment;

/**
 * How a training budget stops binding: when the trial a learning-rate search selected kept its last allowed epoch, it
 * may have stopped short of its best, so the search trains the same learning rate again with twice the epochs (the
 * schedule stretched over them, early stopping as before) and the validation set chooses among all; at most
 * {@code extensions} doublings. The same rule for every method, so that none is undertrained against another.
 *
 * @param extensions the most doublings of a search's epochs (0: never; 2: up to four times the spec's epochs)
 */
public record EpochBudget(int extensions) {
    /** The default: up to two doublings. */
    public static final EpochBudget DEFAULT = new EpochBudget(2);

    public EpochBudget {
        if (extensions < 0 || extensions > 5) {
            throw new IllegalArgumentException("epoch_extensions must be between 0 and 5, got " + extensions);
        }
    }

    /**
     * Whether a search whose chosen trial ran at most {@code maxEpochs} epochs and kept epoch {@code keptEpoch} trains
     * again with twice the epochs, after {@code doublings} doublings so far. Not when a longer run at the same rate was
     * tried already ({@code longestTried} above {@code maxEpochs}) and lost on validation: more epochs did not help.
     */
    public boolean doubles(int keptEpoch, int maxEpochs, int longestTried, int doublings, boolean diverged) {
        return !diverged && keptEpoch >= maxEpochs && longestTried <= maxEpochs && doublings < extensions;
    }
}
