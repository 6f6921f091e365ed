package org.loralab.task;

import org.loralab.data.Dataset;
import org.loralab.nn.Model;

/**
 * The task a transfer task's base model was pretrained on, measured again after fine-tuning: what fine-tuning made the
 * model forget (Biderman et al. 2024, "LoRA learns less and forgets less"). Only reported, never used to choose; its
 * config says what it measures ({@link TaskConfig#sourceMetricName}).
 */
public interface SourceTask {

    /** Held-out source data, disjoint from {@link #test()}. */
    Dataset validation();

    /** Held-out source data that reports forgetting. */
    Dataset test();

    /** The source metric of a fine-tuned (or base) target model on {@code data}, higher is better. */
    double metric(Model fineTuned, Dataset data);
}
