package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.Method;
import org.loralab.testing.Specs;

class LearningRateSearchesTest {

    /** A choice at the smallest or largest rate tried has not bracketed its optimum; one rate tried is no search. */
    @Test
    void aChoiceIsAtAnEndOnlyWhenTheSearchTriedMoreThanOneRate() {
        List<Double> tried = List.of(0.01, 0.003, 0.03);
        assertThat(new LearningRateSearches.Search(Method.LORA, tried, 3, 0.03, false, false).atAnEnd()).isTrue();
        assertThat(new LearningRateSearches.Search(Method.LORA, tried, 3, 0.003, false, false).atAnEnd()).isTrue();
        assertThat(new LearningRateSearches.Search(Method.LORA, tried, 3, 0.01, false, false).atAnEnd()).isFalse();
        assertThat(new LearningRateSearches.Search(Method.LORA, List.of(0.01), 1, 0.01, false, false).atAnEnd()).isFalse();
        assertThat(new LearningRateSearches.Search(Method.LORA, List.of(0.01, 0.003, 0.03, 0.1), 3, 0.1, false, false)
                .extensions()).containsExactly(0.1);
    }

    /**
     * Grid spec (rates 0.01, 0.003): seed 1 tried both at 2 epochs and chose 0.01 having kept epoch 2 of 2, so its
     * budget binds; seed 2 also ran 0.01 again at 4 epochs (the budget doubled) and kept epoch 3 of 4: doubled, not
     * binding.
     */
    @Test
    void searchesSayWhenTheBudgetDoubledAndWhenItBinds() {
        ExperimentSpec spec = Specs.parse(Specs.GRID);
        var variant = spec.lora().firstVariant();
        List<JobResult> jobs = new ArrayList<>();
        for (long seed : List.of(1L, 2L)) {
            List<TrialResult> trials = new ArrayList<>();
            trials.add(lora(variant.name(), seed, 0.01, 2, 2, seed == 1));
            trials.add(lora(variant.name(), seed, 0.003, 2, 2, false));
            if (seed == 2) {
                trials.add(lora(variant.name(), seed, 0.01, 3, 4, true));
            }
            jobs.add(new JobResult(Job.lora(variant, 1, seed), trials, List.of(), 1));
        }
        List<LearningRateSearches.Search> searches = LearningRateSearches.of(ExperimentResults.of(spec, jobs, List.of()),
                Method.LORA);
        assertThat(searches).hasSize(2);
        assertThat(searches.get(0).doubled()).isFalse();
        assertThat(searches.get(0).binding()).isTrue();
        assertThat(searches.get(0).tried()).containsExactly(0.01, 0.003);
        assertThat(searches.get(1).doubled()).isTrue();
        assertThat(searches.get(1).binding()).isFalse();
        assertThat(searches.get(1).chosen()).isEqualTo(0.01);
    }

    private static TrialResult lora(String config, long seed, double lr, int epochs, int maxEpochs, boolean selected) {
        return new TrialResult(Method.LORA, config, 1, seed, lr, 10, epochs, 0, 0.5, 0, 0.5, selected, TrialStatus.OK,
                ExampleScores.NONE, maxEpochs);
    }
}
