package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.experiment.Method;
import org.loralab.experiment.SpecReader;
import org.loralab.testing.Specs;
import tech.tablesaw.api.Table;

class ExperimentResultsTest {

    private static TrialResult trial(Method m, int rank, long seed, double metric) {
        return new TrialResult(m, m == Method.LORA ? LoraVariant.DEFAULT : "", rank, seed, Double.NaN, 0, 0, -metric, metric, -metric, metric, true, TrialStatus.OK);
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
            jobs.add(new JobResult(Job.full(seed), full, List.of(), 1));
            int[] ranks = {1, 4, 8};
            for (int i = 0; i < 3; i++) {
                jobs.add(new JobResult(Job.lora(spec.lora().firstVariant(), ranks[i], seed), List.of(trial(Method.LORA, ranks[i], seed,
                        lora[s][i])), List.of(), 1));
            }
        }
        Table t = ResultTables.taskRanksSummary(ExperimentResults.of(spec, jobs, List.of()));
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

    /**
     * A grid of 4 configurations (ranks 1, 2, 4; seeds 1, 2; base 0, full 1). Configuration 0 reaches 90% at r = 2 in
     * both seeds, configuration 1 at r = 1 and r = 4 (median 2.5), configuration 2 at r = 2 like 0 but with more at
     * r = 1; the others never.
     */
    @Test
    void gridConfigurationsAreComparedByTheirOwnTaskRanks() {
        ExperimentSpec spec = Specs.parse(Specs.GRID);
        List<LoraVariant> variants = spec.lora().variants();
        double[][][] curves = { // [variant][seed][rank index]
            {{0.1, 0.9, 0.95}, {0.2, 0.92, 0.93}},
            {{0.91, 0.95, 0.96}, {0.1, 0.5, 0.9}},
            {{0.5, 0.9, 0.95}, {0.6, 0.92, 0.93}},
        };
        List<JobResult> jobs = new ArrayList<>();
        int[] ranks = {1, 2, 4};
        for (long seed : List.of(1L, 2L)) {
            jobs.add(new JobResult(Job.full(seed), List.of(trial(Method.BASE, 0, seed, 0), trial(Method.FULL, 0, seed, 1)),
                    List.of(), 1));
            for (int v = 0; v < variants.size(); v++) {
                for (int i = 0; i < 3; i++) {
                    double m = v < curves.length ? curves[v][(int) seed - 1][i] : 0.2;
                    jobs.add(new JobResult(Job.lora(variants.get(v), ranks[i], seed), List.of(new TrialResult(Method.LORA, variants.get(v).name(), ranks[i], seed, Double.NaN, 10, 0, -m, m, -m, m, true, TrialStatus.OK)), List.of(), 1));
                }
            }
        }
        ExperimentResults results = ExperimentResults.of(spec, jobs, List.of());
        assertThat(results.taskRankOverSeeds(Method.LORA, variants.get(0).name(), 0.90).median()).isEqualTo(2.0);
        assertThat(results.taskRankOverSeeds(Method.LORA, variants.get(1).name(), 0.90).median()).isEqualTo(2.5);
        assertThat(results.bestVariant()).isEqualTo(variants.get(2));

        Table configs = ResultTables.configs(results);
        assertThat(configs.rowCount()).isEqualTo(4);
        assertThat(configs.stringColumn("config").asList()).isEqualTo(variants.stream().map(LoraVariant::name).toList());
        assertThat(configs.doubleColumn("r90_median").get(1)).isEqualTo(2.5);
        assertThat(configs.stringColumn("r90_seeds_reached").get(1)).isEqualTo("2 of 2");
        assertThat(configs.doubleColumn("r90_median").isMissing().size()).isEqualTo(1);
        assertThat(configs.doubleColumn("fraction_at_r1").get(2)).isCloseTo(0.55, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(configs.stringColumn("alpha").asList()).containsExactly("r", "16", "r", "16");
        assertThat(configs.stringColumn("scaling").asList()).containsExactly("1", "16/r", "1", "16/r");

        Table trials = ResultTables.trials(results);
        Table lora = trials.where(trials.stringColumn("method").isEqualTo("lora"));
        assertThat(lora.rowCount()).isEqualTo(4 * 3 * 2);
        // alpha is the value used at the trial's rank: r for the alpha = r configurations, 16 for the others
        assertThat(lora.where(lora.stringColumn("config").isEqualTo(variants.get(0).name())).doubleColumn("alpha").asList())
                .containsExactly(1.0, 1.0, 2.0, 2.0, 4.0, 4.0);
        assertThat(lora.where(lora.stringColumn("config").isEqualTo(variants.get(3).name())).stringColumn("scaling")
                .asList()).containsOnly("16/r");
        assertThat(trials.where(trials.stringColumn("method").isEqualTo("full")).stringColumn("targets").asList())
                .containsOnly("all");
        assertThat(ResultTables.taskRanks(results).rowCount()).isEqualTo((4 + 1) * 2);
    }

    /**
     * Jobs arrive in any order (shards, resumed runs); the trials come out by method, configuration in the spec's
     * order, rank, seed in the spec's order, and the job times by seed; the task's notes pass through.
     */
    @Test
    void trialsAreOrderedByTheSpecWhateverOrderTheJobsCameIn() {
        ExperimentSpec spec = Specs.parse(Specs.GRID); // 4 configurations, ranks 1, 2, 4, seeds 1, 2
        List<LoraVariant> variants = spec.lora().variants();
        List<JobResult> jobs = new ArrayList<>();
        for (long seed : List.of(2L, 1L)) {
            for (int v = variants.size() - 1; v >= 0; v--) {
                for (int rank : List.of(4, 1, 2)) {
                    jobs.add(new JobResult(Job.lora(variants.get(v), rank, seed), List.of(new TrialResult(Method.LORA,
                            variants.get(v).name(), rank, seed, Double.NaN, 10, 0, 0, 0.5, 0, 0.5, true, TrialStatus.OK)),
                            List.of(), seed * 100 + rank));
                }
            }
            jobs.add(new JobResult(Job.full(seed), List.of(trial(Method.FULL, 0, seed, 1), trial(Method.BASE, 0, seed, 0)),
                    List.of(), seed));
        }
        ExperimentResults results = ExperimentResults.of(spec, jobs, List.of(), List.of("base model: 1.5 bits"), List.of());
        List<TrialResult> lora = results.trials().stream().filter(t -> t.method() == Method.LORA).toList();
        List<String> expected = new ArrayList<>();
        for (LoraVariant v : variants) {
            for (int rank : List.of(1, 2, 4)) {
                for (long seed : List.of(1L, 2L)) {
                    expected.add(v.name() + " r" + rank + " s" + seed);
                }
            }
        }
        assertThat(lora.stream().map(t -> t.config() + " r" + t.rank() + " s" + t.seed()).toList()).isEqualTo(expected);
        assertThat(results.trials().stream().map(TrialResult::method).distinct().toList())
                .containsExactly(Method.BASE, Method.FULL, Method.LORA);
        assertThat(results.jobSeconds()).hasSize(jobs.size());
        assertThat(results.jobSeconds().values().stream().limit(13).toList()).allMatch(s -> s < 200); // seed 1 first
        assertThat(results.jobSeconds().get(Job.lora(variants.get(0), 4, 2).id())).isEqualTo(204.0);
        assertThat(results.taskNotes()).containsExactly("base model: 1.5 bits");
    }
}
