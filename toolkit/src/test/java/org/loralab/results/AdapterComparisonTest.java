package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.peft.PeftAdapter;
import org.loralab.spectrum.SpectrumMetrics;
import org.loralab.sweep.JobStore;
import org.loralab.testing.Specs;

class AdapterComparisonTest {

    @Test
    void comparesTheLargestRankWithTheLargestAtMostAnEighthOfIt() {
        assertThat(AdapterComparison.ranks(List.of(1, 2, 4, 8, 16, 64))).hasValueSatisfying(r -> assertThat(r).containsExactly(8, 64));
        assertThat(AdapterComparison.ranks(List.of(1, 8))).hasValueSatisfying(r -> assertThat(r).containsExactly(1, 8));
        assertThat(AdapterComparison.ranks(List.of(4, 16))).hasValueSatisfying(r -> assertThat(r).containsExactly(4, 16));
        assertThat(AdapterComparison.ranks(List.of(8))).isEmpty();
    }

    /**
     * Closed form: when the small adapter's rows are combinations of the large one's, its input subspace lies inside the
     * large one's, so phi(s, L) = 1; a module whose small adapter is orthogonal to the large one gives phi = 0.
     */
    @Test
    void aSubspaceInsideTheLargerOneHasSimilarityOne(@TempDir Path dir) throws Exception {
        ExperimentSpec spec = Specs.parse(Specs.VALID); // ranks 1, 2, 4; targets layers.0, layers.1
        LoraVariant variant = spec.lora().firstVariant();
        long seed = spec.seeds().get(0);
        java.util.Random rng = new java.util.Random(3);
        DMatrixRMaj large = RandomMatrices_DDRM.rectangle(4, 6, rng);
        DMatrixRMaj mix = RandomMatrices_DDRM.rectangle(1, 4, rng);
        DMatrixRMaj inside = new DMatrixRMaj(1, 6);
        CommonOps_DDRM.mult(mix, large, inside);
        // orthogonal to the first four coordinates, where the other large adapter lives
        DMatrixRMaj largeOnFirst = new DMatrixRMaj(4, 6);
        DMatrixRMaj outside = new DMatrixRMaj(1, 6);
        for (int i = 0; i < 4; i++) {
            largeOnFirst.set(i, i, 1 + i);
        }
        outside.set(0, 5, 2);
        JobStore store = new JobStore(dir.resolve(".jobs"), "f", SpectrumMetrics.DOUBLE_EPSILON);
        store.save(new JobResult(Job.lora(variant, 1, seed), List.of(), List.of(), 1, adapter(1, Map.of("layers.0", inside,
                "layers.1", outside))));
        store.save(new JobResult(Job.lora(variant, 4, seed), List.of(), List.of(), 1, adapter(4, Map.of("layers.0", large,
                "layers.1", largeOnFirst))));
        assertThat(Files.isRegularFile(dir.resolve(".jobs").resolve(Job.lora(variant, 4, seed).id() + ".adapter")
                .resolve(PeftAdapter.WEIGHTS_FILE))).isTrue();

        List<AdapterComparison> comparisons = AdapterComparison.of(spec, store);
        assertThat(comparisons).extracting(AdapterComparison::module).containsExactlyInAnyOrder("layers.0", "layers.1");
        AdapterComparison in = comparisons.stream().filter(c -> c.module().equals("layers.0")).findFirst().orElseThrow();
        AdapterComparison out = comparisons.stream().filter(c -> c.module().equals("layers.1")).findFirst().orElseThrow();
        assertThat(in.smallRank()).isEqualTo(1);
        assertThat(in.largeRank()).isEqualTo(4);
        // float32 storage of the factors bounds the agreement
        assertThat(in.phi().get(1, 4)).isCloseTo(1.0, within(1e-6));
        assertThat(out.phi().get(1, 4)).isCloseTo(0.0, within(1e-12));
        var table = AdapterComparison.table(comparisons);
        assertThat(table.rowCount()).isEqualTo(2 * 4);
        assertThat(AdapterComparison.summaryTable(comparisons).columnNames())
                .containsExactly("config", "module", "phi_1_1", "phi_s_s", "phi_s_L");

        store.clear();
        try (var left = Files.list(dir.resolve(".jobs"))) {
            assertThat(left.toList()).isEmpty();
        }
        assertThat(AdapterComparison.of(spec, store)).isEmpty();
    }

    private static PeftAdapter adapter(int rank, Map<String, DMatrixRMaj> as) {
        Map<String, PeftAdapter.Factors> factors = new java.util.TreeMap<>();
        SplittableRandom rng = new SplittableRandom(rank);
        as.forEach((module, a) -> {
            DMatrixRMaj b = new DMatrixRMaj(5, rank);
            for (int i = 0; i < b.data.length; i++) {
                b.data[i] = rng.nextDouble();
            }
            factors.put(module, new PeftAdapter.Factors(a, b));
        });
        return new PeftAdapter(rank, rank, false, 0, List.copyOf(factors.keySet()), false, factors);
    }

    @Test
    void storesWithoutAdaptersGiveNoComparison(@TempDir Path dir) {
        ExperimentSpec spec = Specs.parse(Specs.VALID);
        JobStore store = new JobStore(dir.resolve(".jobs"), "f", SpectrumMetrics.DOUBLE_EPSILON);
        store.save(new JobResult(Job.lora(spec.lora().firstVariant(), 1, 1), List.of(), List.of(), 1));
        assertThat(store.adapter(Job.lora(spec.lora().firstVariant(), 1, 1))).isEqualTo(Optional.empty());
        assertThat(AdapterComparison.of(spec, store)).isEmpty();
    }
}
