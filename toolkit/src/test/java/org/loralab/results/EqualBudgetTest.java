package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.testing.Specs;
import tech.tablesaw.api.Table;

class EqualBudgetTest {

    /**
     * The grid's target sets adapt two modules or one (10 parameters per rank and module): two modules at rank r cost
     * as much as one at rank 2r, so budgets 20 and 40 are shared; 10 (one module, r = 1) and 80 (two, r = 4) are not.
     */
    @Test
    void listsTheBudgetsThatDifferentTargetSetsShare() {
        ExperimentSpec spec = Specs.parse(Specs.GRID); // ranks 1, 2, 4; 2 configurations (alphas) per target set
        List<JobResult> jobs = new ArrayList<>();
        for (long seed : spec.seeds()) {
            jobs.add(new JobResult(Job.full(seed), List.of(new TrialResult(Method.BASE, "", 0, seed, Double.NaN, 0, 0, 1, 0, 1, 0, true, TrialStatus.OK),
                    new TrialResult(Method.FULL, "", 0, seed, Double.NaN, 0, 0, 0, 1, 0, 1, true, TrialStatus.OK)), List.of(), 1));
            for (LoraVariant v : spec.lora().variants()) {
                int modules = v.targets().matches("layers.0") ? 2 : 1;
                for (int r : spec.lora().ranks()) {
                    double m = modules * r / 10.0;
                    jobs.add(new JobResult(Job.lora(v, r, seed), List.of(new TrialResult(Method.LORA, v.name(), r, seed, Double.NaN, 10L * modules * r, 0, -m, m, -m, m, true, TrialStatus.OK)), List.of(), 1));
                }
            }
        }
        Table t = EqualBudget.table(ExperimentResults.of(spec, jobs, List.of()));
        assertThat(t.longColumn("trainable_params").asList()).containsOnly(20L, 40L).hasSize(8);
        Table at20 = t.where(t.longColumn("trainable_params").isEqualTo(20));
        assertThat(at20.stringColumn("targets").unique().asList()).containsExactlyInAnyOrder("layers.0+layers.1", "layers\\.1");
        assertThat(at20.where(at20.stringColumn("targets").isEqualTo("layers\\.1")).intColumn("rank").asList()).containsOnly(2);
        assertThat(at20.doubleColumn("metric_mean").asList()).containsOnly(0.2);
        assertThat(at20.doubleColumn("fraction_of_full_mean").asList()).containsOnly(0.2);
    }
}
