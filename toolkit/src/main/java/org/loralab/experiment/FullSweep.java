package org.loralab.experiment;

import java.util.HashSet;
import java.util.List;
import org.loralab.nn.Model;
import org.loralab.train.TrainConfig;

/**
 * Full fine-tuning: every weight of the base model trains; the reference the other methods are measured against.
 *
 * @param training      training settings (the trial's seed and each searched learning rate replace their own)
 * @param learningRates the learning rates searched per seed, distinct
 */
public record FullSweep(TrainConfig training, List<Double> learningRates) implements MethodSweep {
    public FullSweep {
        learningRates = List.copyOf(learningRates);
        if (learningRates.isEmpty() || new HashSet<>(learningRates).size() != learningRates.size()) {
            throw new IllegalArgumentException("full.learning_rate must list distinct values, got " + learningRates);
        }
        learningRates.forEach(org.loralab.train.AdamConfig::adam); // validates each
    }

    @Override
    public Method method() {
        return Method.FULL;
    }

    @Override
    public String title() {
        return "full fine-tuning";
    }

    @Override
    public List<Job> jobs(long seed) {
        return List.of(Job.full(seed));
    }

    @Override
    public Model adapt(Model base, Job job, FullUpdateSpectra fullUpdates) {
        return base;
    }

    @Override
    public boolean reference() {
        return true;
    }
}
