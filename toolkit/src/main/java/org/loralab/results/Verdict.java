package org.loralab.results;

import java.util.List;
import java.util.OptionalInt;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;

/**
 * What an experiment concludes about LoRA's rank, as values: the configuration the validation set chose, r90 on
 * validation per seed and over seeds, the swept rank that r90 names, and what that rank recovers of full fine-tuning's
 * improvement on test with its intervals. The report's headline and the notebooks' and command line's verdict are
 * rendered from it; the test set chooses nothing here.
 *
 * @param configuration  the LoRA configuration with the smallest median r90 on validation ({@link
 *                       ExperimentResults#bestVariant()})
 * @param fromGrid       whether it was chosen among several (a grid)
 * @param r90BySeed      r90 on validation per seed, in the spec's seed order (empty: 90% not reached)
 * @param r90            those over seeds
 * @param rank           the smallest swept rank at or above the median r90; empty when no seed reached 90%
 * @param reportedRank   {@code rank}, or the largest swept rank when there is none: where the test share is reported
 * @param testShare      the mean test fraction of full fine-tuning's improvement at {@code reportedRank}, with its 95%
 *                       Student-t interval over seeds
 * @param testNoiseLow   the low end of its 95% interval over test examples (paired bootstrap; NaN without per-example
 *                       scores)
 * @param testNoiseHigh  the high end
 */
public record Verdict(LoraVariant configuration, boolean fromGrid, List<OptionalInt> r90BySeed, TaskRankSpread r90,
                      OptionalInt rank, int reportedRank, MeanInterval testShare, double testNoiseLow,
                      double testNoiseHigh) {

    public Verdict {
        r90BySeed = List.copyOf(r90BySeed);
    }

    /** The verdict of {@code results}. */
    public static Verdict of(ExperimentResults results) {
        LoraVariant best = results.bestVariant();
        List<Integer> ranks = results.spec().lora().ranks();
        List<OptionalInt> perSeed = results.spec().seeds().stream()
                .map(seed -> results.taskRank(Split.VALIDATION, Method.LORA, best.name(), 0.90, seed)).toList();
        TaskRankSpread r90 = results.taskRankOverSeeds(Split.VALIDATION, Method.LORA, best.name(), 0.90);
        OptionalInt rank = r90.reached() == 0 ? OptionalInt.empty()
                : OptionalInt.of(ranks.stream().filter(r -> r >= r90.median()).findFirst().orElseThrow());
        int reported = rank.orElse(ranks.get(ranks.size() - 1));
        double[] noise = results.fractionTestIntervalOverSeeds(Method.LORA, best.name(), reported);
        return new Verdict(best, results.spec().lora().isGrid(), perSeed, r90, rank, reported,
                results.fractionOverSeeds(Method.LORA, best.name(), reported), noise[0], noise[1]);
    }

    /** Whether some swept rank recovers 90% of full fine-tuning's improvement on validation (in the median seed). */
    public boolean reached() {
        return rank.isPresent();
    }
}
