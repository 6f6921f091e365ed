package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.testing.ForgettingResults;
import tech.tablesaw.api.Table;

class ForgettingTest {
    private static final ExperimentSpec SPEC = ForgettingResults.SPEC;

    private static ExperimentResults results(double fullSourceSeed2) {
        return ForgettingResults.of(fullSourceSeed2);
    }

    @Test
    void forgettingIsTheDropFromTheBaseModelsSourceMetricAndItsShareOfFullFineTunings() {
        ExperimentResults r = results(0.7);
        TrialResult lora4 = r.trial(Method.LORA, 4, 1).orElseThrow();
        assertThat(Forgetting.of(r, lora4)).isCloseTo(0.2, within(1e-12));
        assertThat(Forgetting.relativeToFull(r, lora4)).isCloseTo(0.5, within(1e-12));
        assertThat(Forgetting.of(r, r.trial(Method.BASE, 0, 2).orElseThrow())).isZero();
        assertThat(Forgetting.relativeToFull(r, r.trial(Method.FULL, 0, 2).orElseThrow())).isEqualTo(1.0);
        MeanInterval over = Forgetting.relativeOverSeeds(r, Method.LORA, LoraVariant.DEFAULT, 8);
        assertThat(over.n()).isEqualTo(2);
        assertThat(over.mean()).isCloseTo(0.75, within(1e-12));
        assertThat(over.high() - over.low()).isCloseTo(0, within(1e-9)); // both seeds 75%
    }

    @Test
    void theTableHasOnePointPerMethodAndRankAndTrialsCsvCarriesTheColumns() {
        ExperimentResults r = results(0.7);
        Table t = Forgetting.table(r);
        assertThat(t.stringColumn("method").asList()).containsExactly("full", "lora", "lora", "lora");
        assertThat(t.doubleColumn("forgetting_vs_full_mean").asDoubleArray())
                .containsExactly(new double[] {1.0, 0.25, 0.5, 0.75}, within(1e-12));
        // mean forgetting at r = 1: (0.1 + 0.05) / 2; source metric (0.8 + 0.85) / 2
        assertThat(t.doubleColumn("forgetting_mean").get(1)).isCloseTo(0.075, within(1e-12));
        assertThat(t.doubleColumn("source_test_metric_mean").get(1)).isCloseTo(0.825, within(1e-12));
        Table trials = ResultTables.trials(r);
        assertThat(trials.columnNames()).containsSubsequence("validation_fraction_of_full", "source_validation_metric",
                "source_test_metric", "forgetting", "selected");
        Table full = trials.where(trials.stringColumn("method").isEqualTo("full"));
        assertThat(full.doubleColumn("forgetting").asDoubleArray()).containsExactly(new double[] {0.4, 0.2}, within(1e-12));
        assertThat(full.doubleColumn("source_validation_metric").get(0)).isCloseTo(0.51, within(1e-12));
    }

    @Test
    void noShareIsDefinedWhereFullFineTuningForgotNothing() {
        ExperimentResults r = results(0.95); // seed 2: full fine-tuning improved the source metric
        assertThat(Forgetting.relativeToFull(r, r.trial(Method.LORA, 4, 2).orElseThrow())).isNaN();
        assertThat(Forgetting.relativeOverSeeds(r, Method.LORA, LoraVariant.DEFAULT, 4).n()).isEqualTo(1); // seed 1 only
    }

    @Test
    void tasksWithoutASourceHaveNoForgettingColumns() {
        List<JobResult> jobs = List.of(new JobResult(Job.full(1), List.of(new TrialResult(Method.BASE, "", 0, 1, Double.NaN,
                0, 0, 1, 0, 1, 0, true, TrialStatus.OK)), List.of(), 1));
        ExperimentResults r = ExperimentResults.of(SPEC, jobs, List.of());
        assertThat(Forgetting.measured(r)).isFalse();
        assertThat(Forgetting.table(r).rowCount()).isZero();
        assertThat(ResultTables.trials(r).columnNames()).doesNotContain("forgetting", "source_test_metric");
    }
}
