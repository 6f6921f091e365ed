package org.loralab.gpu.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.loralab.gpu.cpu.CpuBackend;
import org.loralab.gpu.tensor.Precision;

/**
 * The CPU backend against the toolkit's ND4J float64 results (committed under reports/gpu/reference): the
 * same layer code that runs on CUDA, so this pins the layer's algebra, the Adam variant and the loss; in
 * TF32 and BF16 the emulated rounding must stay well inside the tolerances the GPU is held to.
 */
class ReferenceCheckTest {
    static final Path REFERENCE = Path.of("..", "reports", "gpu", "reference");

    @ParameterizedTest
    @EnumSource(Precision.class)
    void cpuBackendMatchesTheToolkitsFloat64Results(Precision precision) {
        List<Comparison> results = ReferenceCheck.run(REFERENCE, CpuBackend::new, precision);
        results.forEach(c -> System.out.println(c.csvRow()));
        assertThat(results).hasSize(precision == Precision.FP32 ? 32 : 20);
        // a third of the tolerance: the GPU's own summation order must fit in what is left
        assertThat(results).allSatisfy(c -> assertThat(c.error()).as(c.csvRow()).isLessThanOrEqualTo(c.tolerance() / 3));
    }
}
