package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.testing.Specs;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class SelectionTest {

    private static TrialResult trial(Method m, int rank, double lr, double validation, double test, boolean selected) {
        return new TrialResult(m, m == Method.LORA ? LoraVariant.DEFAULT : "", rank, 1, lr, 10, 2, -test, validation, -test,
                test, selected, TrialStatus.OK);
    }

    @Test
    void choosesTheBestValidationMetricNeverTheTest() {
        // the test metric would pick the second trial; the validation metric picks the first
        List<TrialResult> trials = List.of(trial(Method.LORA, 4, 0.01, 0.8, 0.5, false),
                trial(Method.LORA, 4, 0.003, 0.7, 0.9, false));
        assertThat(Selection.byValidation(trials)).isZero();
    }

    @Test
    void divergedTrialsAreNeverChosenAndTiesGoToTheEarlierRate() {
        assertThat(Selection.best(new double[] {Double.NaN, 0.5, 0.5, 0.2})).isEqualTo(1);
        assertThat(Selection.best(new double[] {Double.NaN, Double.NaN})).isZero();
        TrialResult diverged = new TrialResult(Method.LORA, LoraVariant.DEFAULT, 1, 1, 0.1, 10, 1, Double.NaN, 9.0,
                Double.NaN, Double.NaN, false, TrialStatus.DIVERGED);
        assertThat(Selection.byValidation(List.of(diverged, trial(Method.LORA, 1, 0.01, 0.1, 0.1, false)))).isEqualTo(1);
    }

    /**
     * Base 0 and full fine-tuning at two learning rates: validation prefers lr 0.01 (test gain 1), test would prefer lr
     * 0.003 (test gain 2). LoRA at r = 1 reaches 0.95 on test at the validation-chosen lr. Everything reported (fraction
     * of full, r90) must divide by the validation-chosen baseline.
     */
    @Test
    void reportsTheTestMetricOfTheTrialTheValidationSetChose() {
        ExperimentSpec spec = Specs.parse(Specs.VALID.replace("learning_rate: 0.01\nlora", "learning_rate: [0.01, 0.003]\nlora"));
        int chosen = Selection.byValidation(List.of(trial(Method.FULL, 0, 0.01, 0.9, 1.0, false),
                trial(Method.FULL, 0, 0.003, 0.8, 2.0, false)));
        List<JobResult> jobs = new ArrayList<>();
        jobs.add(new JobResult(Job.full(1), List.of(trial(Method.BASE, 0, Double.NaN, 0, 0, true),
                trial(Method.FULL, 0, 0.01, 0.9, 1.0, chosen == 0), trial(Method.FULL, 0, 0.003, 0.8, 2.0, chosen == 1)),
                List.of(), 1));
        for (int r : spec.lora().ranks()) {
            jobs.add(new JobResult(Job.lora(spec.lora().firstVariant(), r, 1), List.of(trial(Method.LORA, r, 0.01, 0.5, 0.95,
                    true)), List.of(), 1));
        }
        ExperimentResults results = ExperimentResults.of(spec.withSeeds(List.of(1)), jobs, List.of());
        assertThat(results.trials()).filteredOn(t -> t.method() == Method.FULL).singleElement()
                .extracting(TrialResult::learningRate).isEqualTo(0.01);
        assertThat(results.allTrials()).hasSize(results.trials().size() + 1);
        TrialResult lora = results.trial(Method.LORA, 1, 1).orElseThrow();
        assertThat(results.fractionOfFull(lora)).isEqualTo(0.95); // against the chosen full (1.0), not the test-best (2.0)
        assertThat(results.taskRank(Method.LORA, 0.90, 1)).hasValue(1);
        Table csv = ResultTables.trials(results);
        Table full = csv.where(csv.stringColumn("method").isEqualTo("full"));
        assertThat(full.booleanColumn("selected").asList()).containsExactly(true, false);
        assertThat(full.doubleColumn("validation_metric").asList()).containsExactly(0.9, 0.8);
        assertThat(full.doubleColumn("test_metric").asList()).containsExactly(1.0, 2.0);
        Table searches = ResultTables.learningRates(results);
        assertThat(searches.where(searches.stringColumn("method").isEqualTo("full")).intColumn("seeds_chosen").asList())
                .containsExactly(1, 0);
    }
}
