package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.experiment.SpecReader;
import org.loralab.spectrum.UpdateSpectrum;
import tech.tablesaw.api.Table;

/**
 * The allocation tables from stored results: rank-allocation-ci's spec (ranks 2 and 4, seeds 1 and 2, uniform and
 * energy on two 32 x 32 modules) with full updates whose spectra are known: rank 8 in layers.0, rank 1 in layers.1.
 */
class RankAllocationsTest {
    private static final ExperimentSpec SPEC = SpecReader.read(Path.of("..", "experiments", "rank-allocation-ci.yaml"));

    private static double[] spectrum(int rank) {
        double[] s = new double[32];
        Arrays.fill(s, 1e-6);
        for (int i = 0; i < rank; i++) {
            s[i] = 1 - 0.05 * i;
        }
        return s;
    }

    private static TrialResult lora(String config, int rank, long seed, double metric) {
        return new TrialResult(Method.LORA, config, rank, seed, 0.01, 64L * rank, 1, -metric, metric, -metric, metric, true,
                TrialStatus.OK);
    }

    /** Target metric: base 0, full 1; uniform 0.5 / 0.9 at r = 2 / 4, energy 0.6 / 0.99 (seed 1), 0.65 / 0.96 (seed 2). */
    private static ExperimentResults results() {
        List<JobResult> jobs = new ArrayList<>();
        double[][] energy = {{0.6, 0.99}, {0.65, 0.96}};
        for (long seed : List.of(1L, 2L)) {
            List<UpdateSpectrum> spectra = List.of(
                    UpdateSpectrum.of(UpdateNames.full(seed, "layers.0"), 32, 32, spectrum(8), 1e-7, null),
                    UpdateSpectrum.of(UpdateNames.full(seed, "layers.1"), 32, 32, spectrum(1), 1e-7, null));
            jobs.add(new JobResult(Job.full(seed), List.of(
                    new TrialResult(Method.BASE, "", 0, seed, Double.NaN, 0, 0, 0, 0, 0, 0, true, TrialStatus.OK),
                    new TrialResult(Method.FULL, "", 0, seed, 0.001, 3696, 1, -1, 1, -1, 1, true, TrialStatus.OK)), spectra, 1));
            for (LoraVariant v : SPEC.lora().variants()) {
                for (int i = 0; i < 2; i++) {
                    int rank = SPEC.lora().ranks().get(i);
                    double m = v.name().equals("allocation=energy") ? energy[(int) seed - 1][i] : (i == 0 ? 0.5 : 0.9);
                    jobs.add(new JobResult(Job.lora(v, rank, seed), List.of(lora(v.name(), rank, seed, m)), List.of(), 1));
                }
            }
        }
        return ExperimentResults.of(SPEC, jobs, List.of());
    }

    @Test
    void theRanksAreRecomputedFromTheStoredSpectraByTheTrainingRule() {
        ExperimentResults r = results();
        assertThat(RankAllocations.pairs(SPEC)).singleElement().satisfies(p -> {
            assertThat(p.uniform().name()).isEqualTo("allocation=uniform");
            assertThat(p.energy().name()).isEqualTo("allocation=energy");
        });
        LoraVariant energy = SPEC.lora().variant("allocation=energy");
        assertThat(RankAllocations.ranks(r, energy, 4, 1)).containsExactly(Map.entry("layers.0", 7), Map.entry("layers.1", 1));
        assertThat(RankAllocations.ranks(r, energy, 2, 2)).containsExactly(Map.entry("layers.0", 3), Map.entry("layers.1", 1));
        Table ranks = RankAllocations.ranksTable(r);
        assertThat(ranks.rowCount()).isEqualTo(2 * 2 * 2);
        assertThat(ranks.intColumn("allocated_rank").asList()).containsExactly(3, 1, 3, 1, 7, 1, 7, 1);
    }

    @Test
    void theComparisonPairsSeedsAndGivesTheDifferenceWithItsInterval() {
        Table t = RankAllocations.comparison(results());
        assertThat(t.rowCount()).isEqualTo(2);
        // r = 4: differences 0.09 and 0.06, mean 0.075, t(0.975, 1) = 12.706 times sd 0.0212 / sqrt(2)
        assertThat(t.doubleColumn("difference_mean").get(1)).isCloseTo(0.075, within(1e-12));
        double half = 12.7062047 * Math.sqrt(((0.015 * 0.015) * 2) / 1) / Math.sqrt(2);
        assertThat(t.doubleColumn("difference_ci95_low").get(1)).isCloseTo(0.075 - half, within(1e-6));
        assertThat(t.doubleColumn("difference_ci95_high").get(1)).isCloseTo(0.075 + half, within(1e-6));
        assertThat(t.doubleColumn("uniform_fraction_mean").get(0)).isCloseTo(0.5, within(1e-12));
        assertThat(t.doubleColumn("energy_fraction_mean").get(0)).isCloseTo(0.625, within(1e-12));
        assertThat(t.longColumn("uniform_params").get(1)).isEqualTo(256L);
    }

    @Test
    void aSpecWithoutAnEnergyConfigurationHasNoPairsAndNoRows() {
        ExperimentSpec uniform = SPEC.withRankAllocations(List.of(org.loralab.experiment.RankAllocation.UNIFORM));
        assertThat(RankAllocations.pairs(uniform)).isEmpty();
        assertThat(RankAllocations.comparison(ExperimentResults.of(uniform, List.of(), List.of())).rowCount()).isZero();
    }
}
