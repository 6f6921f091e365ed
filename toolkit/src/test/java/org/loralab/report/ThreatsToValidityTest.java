package org.loralab.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Method;
import org.loralab.results.ExperimentResults;
import org.loralab.testing.SyntheticResults;

class ThreatsToValidityTest {

    /** The selection line says what chooses the grid's configuration, and that the test set chooses nothing. */
    @Test
    void theSelectionLineSaysWhatTheCodeChoosesOnValidation() {
        ExperimentSpec spec = SyntheticResults.fashionGrid(List.of(1L, 2L), List.of(1, 4));
        ExperimentResults results = SyntheticResults.of(spec, (v, seed, r) -> new double[] {0.5, 0.5}, 0.5);
        List<String> lines = new ThreatsToValidity(results).lines();
        assertThat(lines.get(0)).contains("the LoRA configuration is the one with the smallest median r90 on validation "
                + "(ties: the larger validation fraction at the smallest rank, then the spec's order)",
                "the rank the headline names is the median r90 on validation. The test set chooses none of these");
        assertThat(lines).anyMatch(l -> l.startsWith("Seeds: 2 ([1, 2]), varying initialisation and minibatch order only"));
    }

    /** Made-up trials ran 1 of at most 2 epochs: none kept its last allowed epoch, so the budget does not bind. */
    @Test
    void noBudgetLineWhenNoChoiceKeptItsLastEpoch() {
        ExperimentSpec spec = SyntheticResults.fashionGrid(List.of(1L), List.of(1, 4));
        ExperimentResults results = SyntheticResults.of(spec, (v, seed, r) -> new double[] {0.5, 0.5}, 0.5);
        assertThat(new ThreatsToValidity(results).budgetLine()).isEmpty();
    }

    /**
     * The budget line says which way an undertrained side moves the fraction of full, (method - base) / (full - base):
     * LoRA alone binding understates it, full fine-tuning alone overstates it, both leave it open.
     */
    @Test
    void theBudgetLineSaysWhichWayTheFractionsMayMove() {
        ExperimentSpec spec = SyntheticResults.fashionGrid(List.of(1L), List.of(1, 4));
        Function<Set<Method>, String> line = binding ->
                new ThreatsToValidity(SyntheticResults.keptLastEpoch(spec, (v, seed, r) -> new double[] {0.5, 0.5}, 0.5,
                        binding)).budgetLine().orElseThrow();
        String lora = line.apply(Set.of(Method.LORA));
        assertThat(lora).startsWith("The budget binds: the chosen trial kept its last allowed epoch, with no longer run "
                + "tried, for LoRA in 4 of 4 searches").contains("fractions of full are likely understated and the ranks "
                + "that reach 90% may be smaller").doesNotContain("full fine-tuning in");
        assertThat(line.apply(Set.of(Method.FULL))).contains("full fine-tuning in 1 of 1 "
                + "searches").contains("every fraction of full is likely overstated").doesNotContain("LoRA in");
        assertThat(line.apply(Set.of(Method.FULL, Method.LORA)))
                .contains("so the direction is open");
    }
}
