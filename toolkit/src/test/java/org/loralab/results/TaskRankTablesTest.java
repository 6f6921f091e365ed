package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.Method;
import org.loralab.testing.Specs;
import tech.tablesaw.api.Table;

/**
 * {@code task_ranks.csv} per seed: one row per ranked curve (each LoRA configuration, truncation, the random subspace
 * when the spec sweeps it) and seed, r90/r95/r99 read off the test fractions (base 0, full fine-tuning 1, so a trial's
 * metric is its fraction), missing where no rank reaches.
 */
class TaskRankTablesTest {

    private static TrialResult trial(Method m, String config, int rank, long seed, double metric) {
        return new TrialResult(m, config, rank, seed, Double.NaN, 0, 0, -metric, metric, -metric, metric, true,
                TrialStatus.OK);
    }

    @Test
    void everyRankedCurveHasARowPerSeedWithItsTaskRanks() {
        ExperimentSpec spec = Specs.parse(Specs.SUBSPACE); // LoRA ranks 4, 1, 2; subspace 4, 40, 160; seeds 1, 2
        String lora = spec.lora().firstVariant().name();
        Map<Long, Map<Integer, Double>> loraCurves = Map.of(1L, Map.of(1, 0.5, 2, 0.95, 4, 0.99),
                2L, Map.of(1, 0.2, 2, 0.5, 4, 0.91));
        Map<Long, Map<Integer, Double>> subspaceCurves = Map.of(1L, Map.of(4, 0.1, 40, 0.92, 160, 0.999),
                2L, Map.of(4, 0.3, 40, 0.6, 160, 0.96));
        List<JobResult> jobs = new ArrayList<>();
        for (long seed : List.of(1L, 2L)) {
            List<TrialResult> full = new ArrayList<>(List.of(trial(Method.BASE, "", 0, seed, 0),
                    trial(Method.FULL, "", 0, seed, 1)));
            for (int r : List.of(1, 2, 4)) {
                full.add(trial(Method.TRUNCATED, "", r, seed, 0.1));
            }
            jobs.add(new JobResult(Job.full(seed), full, List.of(), 1));
            loraCurves.get(seed).forEach((r, m) -> jobs.add(new JobResult(Job.lora(spec.lora().firstVariant(), r, seed),
                    List.of(trial(Method.LORA, lora, r, seed, m)), List.of(), 1)));
            subspaceCurves.get(seed).forEach((d, m) -> jobs.add(new JobResult(Job.subspace(d, seed),
                    List.of(trial(Method.SUBSPACE, "", d, seed, m)), List.of(), 1)));
        }
        Table t = TaskRankTables.perSeed(ExperimentResults.of(spec, jobs, List.of()));
        assertThat(t.stringColumn("method").asList())
                .containsExactly("lora", "lora", "truncated", "truncated", "subspace", "subspace");
        assertThat(t.stringColumn("config").asList()).containsExactly(lora, lora, "", "", "", "");
        assertThat(t.longColumn("seed").asList()).containsExactly(1L, 2L, 1L, 2L, 1L, 2L);
        assertThat(column(t, "r90")).containsExactly(2, 4, null, null, 40, 160);
        assertThat(column(t, "r95")).containsExactly(2, null, null, null, 160, 160);
        assertThat(column(t, "r99")).containsExactly(4, null, null, null, 160, null);
    }

    private static List<Integer> column(Table t, String name) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < t.rowCount(); i++) {
            out.add(t.intColumn(name).isMissing(i) ? null : t.intColumn(name).get(i));
        }
        return out;
    }
}
