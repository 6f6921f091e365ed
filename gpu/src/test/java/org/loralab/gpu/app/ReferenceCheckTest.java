package org.loralab.gpu.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.loralab.gpu.cpu.CpuBackend;
import org.loralab.gpu.tensor.Backend;
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
        assertThat(results).hasSize(precision == Precision.FP32 ? 32 : 23);
        // a third of the tolerance: the GPU's own summation order must fit in what is left; floors thrice over
        assertThat(results).allSatisfy(c -> assertThat(c.atLeast() ? c.error() / 3 : c.error()).as(c.csvRow())
                .isLessThanOrEqualTo(c.atLeast() ? Double.MAX_VALUE : c.tolerance() / 3)
                .isGreaterThanOrEqualTo(c.atLeast() ? c.tolerance() : 0));
    }

    /**
     * A backend that says bfloat16 (or TF32) but computes in FP32, as a GPU library that silently ignored the math
     * mode would: every error is tiny, so each check's floor fails.
     */
    @ParameterizedTest
    @EnumSource(value = Precision.class, names = {"TF32", "BF16"})
    void aBackendThatRoundsLessThanItSaysFailsTheFloor(Precision claimed) {
        CpuBackend fp32 = new CpuBackend(Precision.FP32);
        Backend lying = (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(),
                new Class<?>[] {Backend.class}, (proxy, method, args) -> {
                    if (method.getName().equals("precision")) {
                        return claimed;
                    }
                    try {
                        return method.invoke(fp32, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        List<Comparison> results = ReferenceCheck.run(REFERENCE, p -> lying, claimed);
        assertThat(results.stream().filter(Comparison::atLeast)).hasSize(3).noneMatch(Comparison::passed)
                .allSatisfy(c -> assertThat(c.csvRow()).endsWith(",FAIL"));
        assertThat(results.stream().filter(c -> !c.atLeast())).allMatch(Comparison::passed);
    }
}
