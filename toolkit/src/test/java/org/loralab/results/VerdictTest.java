package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.testing.SyntheticResults;

/** The verdict's values on made-up results whose answers are known (base 0 and full 1: a metric is its fraction). */
class VerdictTest {
    private static final List<Long> SEEDS = List.of(1L, 2L, 3L);
    private static final List<Integer> RANKS = List.of(1, 2, 4, 8);

    /**
     * Configuration 1 reaches 90% on validation at r = 2, 4, 2 by seed (median 2); configuration 0 only at r = 8. The
     * verdict names configuration 1, rank 2, and reports its test share there: 0.6, 0.7, 0.8 (mean 0.7, Student-t
     * interval 0.7 +- 4.303 x 0.1 / sqrt(3)).
     */
    @Test
    void namesTheValidationSetsConfigurationAndRankAndReportsTheTestShareThere() {
        ExperimentSpec spec = SyntheticResults.fashionGrid(SEEDS, RANKS);
        double[] test = {0.6, 0.7, 0.8};
        ExperimentResults results = SyntheticResults.of(spec, (v, seed, r) -> v == 0
                ? new double[] {r >= 8 ? 0.95 : 0.5, 0.99}
                : new double[] {r >= (seed == 2 ? 4 : 2) ? 0.95 : 0.5, test[(int) seed - 1]}, 0.5);
        Verdict verdict = Verdict.of(results);
        assertThat(verdict.configuration()).isEqualTo(spec.lora().variants().get(1));
        assertThat(verdict.fromGrid()).isTrue();
        assertThat(verdict.r90BySeed()).containsExactly(OptionalInt.of(2), OptionalInt.of(4), OptionalInt.of(2));
        assertThat(verdict.r90().median()).isEqualTo(2.0);
        assertThat(verdict.rank()).hasValue(2);
        assertThat(verdict.reportedRank()).isEqualTo(2);
        assertThat(verdict.testShare().mean()).isCloseTo(0.7, within(1e-12));
        assertThat(verdict.testShare().high() - 0.7).isCloseTo(4.302652729749464 * 0.1 / Math.sqrt(3), within(1e-9));
        assertThat(verdict.testNoiseLow()).isNaN(); // no per-example scores in these results
    }

    /** No seed reaches 90% on validation: no rank is named, and the test share is reported at the largest rank. */
    @Test
    void withoutARankReachingNinetyPercentItReportsTheLargestRank() {
        ExperimentSpec spec = SyntheticResults.fashionGrid(SEEDS, RANKS);
        ExperimentResults results = SyntheticResults.of(spec, (v, seed, r) -> new double[] {0.5 + 0.01 * r, 0.4 + 0.01 * r},
                0.5);
        Verdict verdict = Verdict.of(results);
        assertThat(verdict.reached()).isFalse();
        assertThat(verdict.rank()).isEmpty();
        assertThat(verdict.r90BySeed()).containsOnly(OptionalInt.empty());
        assertThat(verdict.reportedRank()).isEqualTo(8);
        assertThat(verdict.testShare().mean()).isCloseTo(0.48, within(1e-12));
    }
}
