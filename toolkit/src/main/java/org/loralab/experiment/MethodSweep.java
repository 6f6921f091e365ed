package org.loralab.experiment;

import java.util.List;
import org.loralab.nn.Model;
import org.loralab.train.TrainConfig;

/**
 * One training method's part of a spec: its jobs, how a job adapts the base model, and its learning-rate search and
 * epoch budget. The runner, the tables and the report loop over a spec's {@link ExperimentSpec#sweeps()}; a new method
 * is one class implementing this (its settings) and one {@link MethodType} registration (its spec section).
 */
public interface MethodSweep {

    /** The label its trials carry. */
    Method method();

    /** What the report calls it, in running text: "full fine-tuning", "LoRA", ... */
    String title();

    /** The learning rates the search starts from, distinct, in the spec's order. */
    List<Double> learningRates();

    /** Training settings; the search replaces the learning rate, the seed and (when the budget binds) the epochs. */
    TrainConfig training();

    /** The training settings at {@code learningRate}. */
    default TrainConfig trainingAt(double learningRate) {
        return training().withLearningRate(learningRate);
    }

    /** The jobs of {@code seed}, in a fixed order. */
    List<Job> jobs(long seed);

    /**
     * The model a job trains, made from {@code base} (a fresh copy of the seed's base model, the method's to change):
     * adapters injected, the trainable set chosen.
     *
     * @param fullUpdates the singular values of the same seed's full fine-tuning update, for methods that use them
     */
    Model adapt(Model base, Job job, FullUpdateSpectra fullUpdates);

    /**
     * Whether this is the reference every other method is measured against (full fine-tuning): its job also evaluates
     * the base model, analyses the chosen update's spectrum and truncates it at every swept rank.
     */
    default boolean reference() {
        return false;
    }
}
