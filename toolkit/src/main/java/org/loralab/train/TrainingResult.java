package org.loralab.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param epochLosses mean training loss of each finished epoch
 * @param steps       optimizer steps taken
 * @param diverged    true when a loss became NaN or infinite (training stopped there)
 * @param keptEpoch   the epoch (from 1) whose weights the model holds: the last one, or with early stopping the one with
 *                    the best validation metric
 * @param validationMetric with early stopping, the validation metric of the kept epoch; NaN when not measured
 */
public record TrainingResult(List<Double> epochLosses, long steps, boolean diverged, int keptEpoch,
                             double validationMetric) {

    public TrainingResult {
        epochLosses = List.copyOf(epochLosses);
    }

    /** A run that keeps the weights of its last epoch. */
    public TrainingResult(List<Double> epochLosses, long steps, boolean diverged) {
        this(epochLosses, steps, diverged, epochLosses.size(), Double.NaN);
    }
}
