package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.spectrum.SpectrumMetrics;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.testing.Specs;
import tech.tablesaw.api.Table;

class UpdateRanksByModuleTest {

    private static UpdateSpectrum spectrum(long seed, String module, double[] sigma, double relative) {
        return new UpdateSpectrum(UpdateNames.full(seed, module), 4, 4, sigma, SpectrumMetrics.of(sigma, 4, 4),
                OptionalDouble.of(relative));
    }

    @Test
    void groupsBlockModulesByTypeThenDepthWithMediansOverSeeds() {
        ExperimentSpec spec = Specs.parse(Specs.VALID); // seeds 1, 2
        double[] one = {1, 0, 0, 0};        // energy rank 1
        double[] three = {1, 1, 1, 0};      // energy rank 3
        double[] flat = {1, 1, 1, 1};       // energy rank 4
        List<JobResult> jobs = new ArrayList<>();
        for (long seed : List.of(1L, 2L)) {
            jobs.add(new JobResult(Job.full(seed), List.of(), List.of(
                    spectrum(seed, "layers.0.self_attn.q_proj", seed == 1 ? one : three, 0.1 * seed),
                    spectrum(seed, "layers.0.mlp.fc1", flat, 0.5),
                    spectrum(seed, "layers.1.self_attn.q_proj", one, 0.3),
                    spectrum(seed, "lm_head", one, 0.9)), 1));
        }
        Table t = UpdateRanksByModule.table(ExperimentResults.of(spec, jobs, List.of()));
        assertThat(t.stringColumn("module_type").asList()).containsExactly("q_proj", "q_proj", "fc1");
        assertThat(t.intColumn("depth").asList()).containsExactly(0, 1, 0);
        assertThat(t.intColumn("seeds").asList()).containsOnly(2);
        assertThat(t.doubleColumn("energy_rank_90_median").asList()).containsExactly(2.0, 1.0, 4.0);
        assertThat(t.doubleColumn("stable_rank_median").get(2)).isEqualTo(4.0);
        assertThat(t.doubleColumn("relative_update_median").get(0)).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void modelsWithoutBlocksGiveAnEmptyTable() {
        ExperimentSpec spec = Specs.parse(Specs.VALID);
        List<JobResult> jobs = List.of(new JobResult(Job.full(1), List.of(), List.of(spectrum(1, "layers.0", new double[] {1, 0, 0, 0}, 0.1)), 1));
        assertThat(UpdateRanksByModule.table(ExperimentResults.of(spec, jobs, List.of())).rowCount()).isZero();
    }
}
