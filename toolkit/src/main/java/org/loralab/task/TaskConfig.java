package org.loralab.task;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.loralab.nn.ModelConfig;
import org.nd4j.linalg.api.buffer.DataType;

/** The settings of a task, as read from an experiment spec; {@link #build} makes the task (deterministically). */
public interface TaskConfig {

    /** The shape of the model that is fine-tuned. */
    ModelConfig model();

    /**
     * Builds the task's data and base model in {@code dtype}; equal configs give equal tasks.
     *
     * @param cacheDir where a task may keep an expensive base model (a pretrained network) to reuse, or null
     * @param progress hears a line for each step that takes a while (every epoch of a pretraining, of a probe)
     */
    Task build(DataType dtype, Path cacheDir, Consumer<String> progress);

    /** {@link #build(DataType, Path, Consumer)} without progress lines. */
    default Task build(DataType dtype, Path cacheDir) {
        return build(dtype, cacheDir, line -> { });
    }

    /** The task's seed: what its data split, its base model (and a planted update) are drawn from. */
    long seed();

    /** The same task drawn from another seed: another data split and base model (for {@code seed_scope: all}). */
    TaskConfig withSeed(long seed);

    /** One sentence for reports: the data and how it is made. */
    String summary();

    /** What the metric m is, for verdicts and chart labels, for example "test accuracy on the target classes". */
    String metricName();

    /** One sentence for reports: what the metric m is (higher is better). */
    default String metricSummary() {
        return metricName() + " (higher is better).";
    }

    /**
     * What the source metric of forgetting is in a few words (the metric of the task the base model was pretrained on,
     * measured after fine-tuning, higher is better), for verdicts and labels; empty for tasks that do not transfer from
     * one.
     */
    default java.util.Optional<String> sourceMetricName() {
        return java.util.Optional.empty();
    }

    /** One sentence for reports: what the source metric is and on which data; empty as {@link #sourceMetricName}. */
    default java.util.Optional<String> sourceMetricSummary() {
        return sourceMetricName();
    }

    /** Whether the metric is minus the training loss (then reports plot the loss itself, on a log scale). */
    default boolean metricIsMinusLoss() {
        return false;
    }

    /** r* of a task with planted updates, 0 when the answer is not known. */
    default int plantedRank() {
        return 0;
    }

    /** The modules that carry a planted update (empty when none). */
    default List<String> plantedModules() {
        return List.of();
    }
}
