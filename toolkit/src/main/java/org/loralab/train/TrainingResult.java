package org.loralab.train;

import java.util.List;

/**
 * What a training run did.
 *
 * @param epochLosses mean training loss of each finished epoch
 * @param steps       optimizer steps taken
 * @param diverged    true when a loss became NaN or infinite (training stopped there)
 */
public record TrainingResult(List<Double> epochLosses, long steps, boolean diverged) {

    public TrainingResult {
        epochLosses = List.copyOf(epochLosses);
    }
}
