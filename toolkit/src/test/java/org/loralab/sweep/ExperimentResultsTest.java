package org.loralab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ExperimentResultsTest {

    private static TrialResult trial(Method m, int rank, long seed, double metric) {
        return new TrialResult(m, rank, seed, 0, -metric, -metric, metric, TrialResult.OK);
    }

    /** Base 0 and full 1 in both seeds; LoRA reaches 90% at r = 4 (seed 1) and r = 8 (seed 2), 99% only in seed 2. */
    @Test
    void taskRanksAreSummarisedOverSeeds() {
        ExperimentSpec spec = SpecReader.read(Path.of("..", "experiments", "planted-rank-ci.yaml")); // ranks 1, 4, 8; seeds 1, 2
        List<JobResult> jobs = new ArrayList<>();
        double[][] lora = {{0.5, 0.92, 0.95}, {0.3, 0.8, 0.995}};
        for (int s = 0; s < 2; s++) {
            long seed = s + 1;
            List<TrialResult> full = new ArrayList<>(List.of(trial(Method.BASE, 0, seed, 0), trial(Method.FULL, 0, seed, 1)));
            for (int r : List.of(1, 4, 8)) {
                full.add(trial(Method.TRUNCATED, r, seed, 0.1));
            }
            jobs.add(new JobResult(new Job(Method.FULL, 0, seed), full, List.of(), 1));
            int[] ranks = {1, 4, 8};
            for (int i = 0; i < 3; i++) {
                jobs.add(new JobResult(new Job(Method.LORA, ranks[i], seed), List.of(trial(Method.LORA, ranks[i], seed,
                        lora[s][i])), List.of(), 1));
            }
        }
        Table t = ExperimentResults.of(spec, jobs, List.of()).taskRanksSummaryTable();
        assertThat(t.rowCount()).isEqualTo(6);
        Table r90 = t.where(t.stringColumn("method").isEqualTo("lora").and(t.stringColumn("task_rank").isEqualTo("r90")));
        assertThat(r90.stringColumn("seeds_reached").get(0)).isEqualTo("2 of 2");
        assertThat(r90.doubleColumn("median").get(0)).isEqualTo(6.0);
        assertThat(r90.intColumn("min").get(0)).isEqualTo(4);
        assertThat(r90.intColumn("max").get(0)).isEqualTo(8);
        Table r99 = t.where(t.stringColumn("method").isEqualTo("lora").and(t.stringColumn("task_rank").isEqualTo("r99")));
        assertThat(r99.stringColumn("seeds_reached").get(0)).isEqualTo("1 of 2");
        assertThat(r99.doubleColumn("median").get(0)).isEqualTo(8.0);
        Table truncated = t.where(t.stringColumn("method").isEqualTo("truncated"));
        assertThat(truncated.stringColumn("seeds_reached").asList()).containsOnly("0 of 2");
        assertThat(truncated.doubleColumn("median").isMissing().size()).isEqualTo(3);
    }
}
