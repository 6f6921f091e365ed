package org.loralab.study;

import java.util.Map;
import java.util.Optional;
import org.loralab.results.MeanInterval;

/**
 * What one value of a study's axis measured, over the seeds.
 *
 * @param value              the axis value
 * @param point              the label of its experiment
 * @param parameters         the model's parameters (what full fine-tuning trains)
 * @param moduleWidth        the smallest min(d, k) of the modules LoRA adapts (the rank at which it is full rank)
 * @param r90                LoRA's r90 on test, in the configuration validation chose
 * @param d90                the random subspace's d90 on test, when the study trains one
 * @param subspaceParameters the weights and biases the random subspace reaches (0 without a subspace)
 * @param energyRankRelative energy_rank_90 / min(d, k) of full fine-tuning's updates, mean over modules, over seeds
 * @param fractions          LoRA's test fraction of full fine-tuning's improvement by rank (the ranks every value swept)
 * @param seconds            the experiment's job time, in seconds, summed
 */
public record StudyValue(double value, String point, long parameters, int moduleWidth, RankEstimate r90,
                         Optional<RankEstimate> d90, long subspaceParameters, MeanInterval energyRankRelative,
                         Map<Integer, FractionEstimate> fractions, double seconds) {
    public StudyValue {
        fractions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(fractions));
    }

    /** r90 / moduleWidth. */
    public RankEstimate r90Relative() {
        return r90.over(moduleWidth);
    }

    /** d90 / subspaceParameters, when measured. */
    public Optional<RankEstimate> d90Relative() {
        return d90.map(d -> d.over(subspaceParameters));
    }
}
