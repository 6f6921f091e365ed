package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.testing.Specs;

/**
 * The test-noise paths of {@link ExperimentResults} on trials whose per-example scores are all equal: every resample of
 * the test examples then has the trial's own mean, so each resampled fraction and rank is known exactly (base 0,
 * full fine-tuning 1, the fraction is the LoRA score). Scores are exact in float (0.25, 0.5, 0.75, 1).
 */
class ExperimentResultsResamplingTest {
    private static final int EXAMPLES = 40;
    private static final int[] RANKS = {1, 2, 4};
    // [config][seed][rank index]: configuration 0 reaches 0.75 at r = 2 (seed 1, exactly 0.75) and r = 4 (seed 2)
    private static final double[][][] SCORES = {
        {{0.5, 0.75, 1.0}, {0.25, 0.5, 0.75}},
        {{0.25, 0.25, 0.5}, {0.25, 0.25, 0.5}},
    };

    private static ExampleScores constant(double score) {
        double[] values = new double[EXAMPLES];
        Arrays.fill(values, score);
        return ExampleScores.of(values);
    }

    private static TrialResult trial(Method m, String config, int rank, long seed, double lr, double score,
                                     boolean selected) {
        return new TrialResult(m, config, rank, seed, lr, 10, 1, -score, score, -score, score, selected, TrialStatus.OK,
                selected ? constant(score) : ExampleScores.NONE, 1);
    }

    /** The unselected trials at 0.003: 0, 0.5, 0.75 (seed 1) and 0, 0.25, 0.5 (seed 2); configuration 1: all 1. */
    private static double unselected(int v, long seed, int i) {
        if (v == 1) {
            return 1.0;
        }
        return seed == 1 ? new double[] {0, 0.5, 0.75}[i] : new double[] {0, 0.25, 0.5}[i];
    }

    /**
     * Selected trials at learning rate 0.01 as in {@link #SCORES}; every run also trained at 0.003 (unselected, see
     * {@link #unselected}). Full fine-tuning's trials also use 0.003 and 0.01.
     */
    private static ExperimentResults results(boolean seed2Missing) {
        ExperimentSpec spec = Specs.parse(Specs.GRID);
        List<LoraVariant> variants = spec.lora().variants();
        List<JobResult> jobs = new ArrayList<>();
        for (long seed : List.of(1L, 2L)) {
            jobs.add(new JobResult(Job.full(seed), List.of(trial(Method.BASE, "", 0, seed, Double.NaN, 0, true),
                    trial(Method.FULL, "", 0, seed, 0.01, 1, true), trial(Method.FULL, "", 0, seed, 0.003, 1, false)),
                    List.of(), 1));
            for (int v = 0; v < variants.size(); v++) {
                for (int i = 0; i < RANKS.length; i++) {
                    if (seed2Missing && seed == 2 && v == 0 && i == 0) {
                        continue;
                    }
                    double score = v < SCORES.length ? SCORES[v][(int) seed - 1][i] : 0.25;
                    String name = variants.get(v).name();
                    jobs.add(new JobResult(Job.lora(variants.get(v), RANKS[i], seed), List.of(
                            trial(Method.LORA, name, RANKS[i], seed, 0.01, score, true),
                            trial(Method.LORA, name, RANKS[i], seed, 0.003, unselected(v, seed, i), false)),
                            List.of(), 1));
                }
            }
        }
        return ExperimentResults.of(spec, jobs, List.of());
    }

    private static String config(ExperimentResults results, int v) {
        return results.spec().lora().variants().get(v).name();
    }

    @Test
    void resampledFractionsArePerSeedAndEmptyWhenASeedIsMissing() {
        ExperimentResults results = results(false);
        double[][] fractions = results.resampledFractions(Method.LORA, config(results, 0), 1).orElseThrow();
        assertThat(fractions).hasNumberOfRows(2);
        assertThat(fractions[0]).hasSize(PairedBootstrap.RESAMPLES).containsOnly(0.5);
        assertThat(fractions[1]).containsOnly(0.25);
        assertThat(results(true).resampledFractions(Method.LORA, config(results, 0), 1)).isEmpty();
        assertThat(results(true).resampledFractions(Method.LORA, config(results, 0), 2)).isPresent();
    }

    /** The smallest rank whose resampled fraction reaches the target, a fraction equal to it included; else infinity. */
    @Test
    void resampledTaskRanksTakeTheFirstRankThatReaches() {
        ExperimentResults results = results(false);
        List<Integer> ranks = List.of(1, 2, 4);
        double[][] r75 = results.resampledTaskRanks(Method.LORA, config(results, 0), ranks, 0.75).orElseThrow();
        assertThat(r75[0]).containsOnly(2.0);
        assertThat(r75[1]).containsOnly(4.0);
        double[][] r90 = results.resampledTaskRanks(Method.LORA, config(results, 0), ranks, 0.9).orElseThrow();
        assertThat(r90[0]).containsOnly(4.0);
        assertThat(r90[1]).containsOnly(Double.POSITIVE_INFINITY);
        assertThat(results.resampledTaskRanks(Method.LORA, config(results, 1), ranks, 0.5).orElseThrow()[0])
                .containsOnly(4.0);
        assertThat(results(true).resampledTaskRanks(Method.LORA, config(results, 0), ranks, 0.75)).isEmpty();
    }

    /** The interval from test noise of the mean over seeds: (0.5 + 0.25) / 2 at r = 1, a point when nothing varies. */
    @Test
    void testNoiseOfTheMeanOverSeedsAveragesTheSeedsResamples() {
        ExperimentResults results = results(false);
        assertThat(results.fractionTestIntervalOverSeeds(Method.LORA, config(results, 0), 1)).containsExactly(0.375, 0.375);
        assertThat(results.fractionTestIntervalOverSeeds(Method.LORA, config(results, 0), 4)).containsExactly(0.875, 0.875);
        TrialResult seed1 = results.trial(Method.LORA, config(results, 0), 2, 1).orElseThrow();
        assertThat(results.fractionTestInterval(seed1)).hasValueSatisfying(i -> assertThat(i).containsExactly(0.75, 0.75));
        assertThat(results.fractionOverSeeds(Method.LORA, config(results, 0), 2).mean()).isEqualTo(0.625);
    }

    /**
     * Had every rank trained at 0.003 (the unselected trials), r75 would be 4 in seed 1 and never reached in seed 2; at
     * 0.01 it is 2 and 4. Full fine-tuning's trials at 0.003 must not enter LoRA's curve (they would reach at rank 0),
     * nor configuration 1's (they reach at r = 1) or the other seed's trials.
     */
    @Test
    void taskRankAtALearningRateUsesThatRatesTrialsOfTheConfigurationAndSeed() {
        ExperimentResults results = results(false);
        TaskRankSpread at003 = results.taskRankAtLearningRate(config(results, 0), 0.75, 0.003);
        assertThat(at003.median()).isEqualTo(4.0);
        assertThat(at003.reached()).isEqualTo(1);
        TaskRankSpread at01 = results.taskRankAtLearningRate(config(results, 0), 0.75, 0.01);
        assertThat(at01.median()).isEqualTo(3.0);
        assertThat(results.taskRankAtLearningRate(config(results, 1), 0.75, 0.01).reached()).isZero();
    }
}
