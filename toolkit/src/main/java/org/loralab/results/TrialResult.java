package org.loralab.results;

import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;

/**
 * One evaluated model.
 *
 * @param method          how the model was obtained
 * @param config          the LoRA configuration's name ({@link LoraVariant#name()}); empty for other methods
 * @param rank            LoRA or truncation rank; 0 for base and full
 * @param seed            training seed
 * @param trainableParams trainable scalars during training (0 for base and truncated)
 * @param trainLoss       mean loss on the training set after training
 * @param testLoss        mean loss on the held-out set
 * @param metric          the task metric m on the held-out set, higher is better (minus the test loss, or accuracy)
 * @param status          {@code ok} or {@code diverged} (a NaN or infinite loss during training)
 */
public record TrialResult(Method method, String config, int rank, long seed, long trainableParams, double trainLoss, double testLoss,
                          double metric, String status) {

    public static final String OK = "ok";
    public static final String DIVERGED = "diverged";

    public TrialResult {
        if (config == null || config.isEmpty() == (method == Method.LORA)) {
            throw new IllegalArgumentException("LoRA trials name their configuration, other trials have none");
        }
    }

    public boolean ok() {
        return OK.equals(status);
    }
}
