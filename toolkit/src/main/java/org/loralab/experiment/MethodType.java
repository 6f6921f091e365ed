package org.loralab.experiment;

import org.loralab.spec.SpecNode;
import org.loralab.task.TaskConfig;

/**
 * A training method beyond the built-in ones (full fine-tuning, LoRA, the random subspace), registered as a service
 * ({@code META-INF/services/org.loralab.experiment.MethodType}): a spec that has its section trains it beside the
 * others, through the same runner, tables and report.
 */
public interface MethodType {

    /** The spec section that asks for it, also its trials' method label (lower-case letters, digits, '_'). */
    String key();

    /** Whether its jobs and trials have a rank (or a dimension), as LoRA's and the random subspace's do. */
    default boolean ranked() {
        return false;
    }

    /**
     * Reads its section; unknown keys and invalid values are errors that name the file and key (as {@link SpecNode}
     * reports them).
     *
     * @param task the spec's task, for checking module names against its model
     */
    MethodSweep read(SpecNode section, TaskConfig task);

    /**
     * The keys of its section, for the spec reference: by default {@code learning_rate} and the training keys, which
     * {@link SpecReader.Search#read} reads.
     */
    default java.util.List<org.loralab.spec.SpecKey> keys() {
        java.util.List<org.loralab.spec.SpecKey> keys = new java.util.ArrayList<>(java.util.List.of(SpecSchema.LEARNING_RATES));
        keys.addAll(org.loralab.train.TrainConfig.KEYS);
        return keys;
    }
}
