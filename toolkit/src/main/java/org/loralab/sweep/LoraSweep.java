package org.loralab.sweep;

import java.util.List;
import org.loralab.lora.InitScheme;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.TargetModules;
import org.loralab.train.TrainConfig;

/**
 * The LoRA side of an experiment: one adapter configuration trained at each of several ranks.
 *
 * @param ranks         ranks to train, ascending, distinct, >= 1
 * @param alpha         lora_alpha, or null for alpha = r (scaling 1 at every rank, so that rank is the only
 *                      thing that changes between trials)
 * @param useRslora     scaling alpha / sqrt(r)
 * @param dropout       adapter dropout in [0, 1)
 * @param init          initialisation of A and B
 * @param targets       modules that get adapters
 * @param modulesToSave modules trained in full alongside the adapters
 * @param training      optimisation settings (the trial's seed replaces the seed)
 */
public record LoraSweep(List<Integer> ranks, Double alpha, boolean useRslora, double dropout, InitScheme init,
                        TargetModules targets, List<String> modulesToSave, TrainConfig training) {

    public LoraSweep {
        if (ranks == null || ranks.isEmpty()) {
            throw new IllegalArgumentException("ranks must list at least one rank");
        }
        ranks = ranks.stream().sorted().toList();
        for (int i = 0; i < ranks.size(); i++) {
            if (ranks.get(i) < 1) {
                throw new IllegalArgumentException("ranks must all be >= 1, got " + ranks.get(i));
            }
            if (i > 0 && ranks.get(i).equals(ranks.get(i - 1))) {
                throw new IllegalArgumentException("ranks must be distinct, " + ranks.get(i) + " appears twice");
            }
        }
        modulesToSave = List.copyOf(modulesToSave);
        // validates alpha, dropout, init, targets and modules to save (fields are not yet assigned here)
        new LoraConfig(ranks.get(0), alpha == null ? ranks.get(0) : alpha, useRslora, dropout, init, targets, modulesToSave);
    }

    public LoraSweep withRanks(List<Integer> newRanks) {
        return new LoraSweep(newRanks, alpha, useRslora, dropout, init, targets, modulesToSave, training);
    }

    public LoraSweep withTraining(TrainConfig newTraining) {
        return new LoraSweep(ranks, alpha, useRslora, dropout, init, targets, modulesToSave, newTraining);
    }

    /** The adapter configuration at rank {@code rank}. */
    public LoraConfig configFor(int rank) {
        return new LoraConfig(rank, alpha == null ? rank : alpha, useRslora, dropout, init, targets, modulesToSave);
    }
}
