package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.reference.Numpy;
import org.loralab.testing.RequiredTool;

/**
 * Every metric of every test matrix against numpy: its own SVD (LAPACK through numpy's BLAS) and the metrics
 * written in Python from the definitions. The test command installs Debian's python3-numpy, so this runs in
 * CI; without numpy it is skipped, or fails under {@code CI=true}.
 */
class NumpyCrossCheckTest {

    @Test
    void metricsAgreeWithNumpyInDoubleAndFloat(@TempDir Path dir) {
        Optional<Numpy> numpy = Numpy.find();
        RequiredTool.require(numpy.isPresent(), "numpy (Debian's python3-numpy)");
        List<SpectrumSolverTest.Case> cases = SpectrumSolverTest.cases();
        List<String> manifest = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Path file = dir.resolve(i + ".f64");
            Numpy.write(cases.get(i).matrix(), file);
            int rows = cases.get(i).matrix().numRows;
            int cols = cases.get(i).matrix().numCols;
            manifest.add(file + " " + rows + " " + cols + " float64");
            manifest.add(file + " " + rows + " " + cols + " float32");
        }
        List<JsonNode> results = numpy.get().run("metrics", manifest, List.of(), 120);
        assertThat(results).hasSize(2 * cases.size());
        for (int i = 0; i < cases.size(); i++) {
            SpectrumSolverTest.Case c = cases.get(i);
            for (SpectrumSolver solver : List.of(SpectrumSolver.LAPACK, SpectrumSolver.EJML)) {
                compare(c, solver, results.get(2 * i), 1e-10, false);
            }
            compare(c, SpectrumSolver.LAPACK_FLOAT, results.get(2 * i + 1), 1e-4, c.name().startsWith("condition"));
        }
    }

    /**
     * Two backward-stable SVDs of the same matrix differ by a few n eps s1 per value: energy metrics then agree
     * to about n eps relative (asked: 1e-10 in double, 1e-4 in float, where n eps_f = 8e-5 at n = 700). Sums
     * over a rank-deficient tail add up rounding noise, so nuclear norm and entropy rank get 10x that in float.
     */
    private static void compare(SpectrumSolverTest.Case c, SpectrumSolver solver, JsonNode numpy, double tolerance,
                                boolean numericalRankAtNoiseLevel) {
        JsonNode metrics = numpy.get("metrics");
        String what = solver + " vs numpy on " + c.name() + ": ";
        SpectrumMetrics m = SpectrumMetrics.of(solver.singularValues(c.matrix()), c.matrix().numRows, c.matrix().numCols,
                solver.epsilon());
        java.util.Set<String> numpyNames = new java.util.TreeSet<>();
        metrics.fieldNames().forEachRemaining(numpyNames::add);
        assertThat(numpyNames).as("numpy computes every metric of the toolkit's list, and no other")
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(RankMetric.values()).map(RankMetric::column).toList());
        for (RankMetric metric : RankMetric.values()) {
            double want = metrics.get(metric.column()).asDouble();
            if (metric == RankMetric.NUMERICAL_RANK) {
                continue; // below
            }
            if (metric.isInteger()) {
                assertThat(metric.of(m)).as(what + metric.column()).isEqualTo(want);
            } else {
                boolean tailSum = metric == RankMetric.NUCLEAR_NORM || metric == RankMetric.ENTROPY_RANK;
                relative(what + metric.column(), metric.of(m), want, tailSum ? 10 * tolerance : tolerance);
            }
        }
        if (numericalRankAtNoiseLevel) { // float threshold 6e-6 at the noise level of s_21 (SpectrumSolverTest)
            assertThat(m.numericalRank()).as(what + "numerical_rank").isCloseTo(metrics.get("numerical_rank").asInt(),
                    org.assertj.core.data.Offset.offset(2));
        } else {
            assertThat(m.numericalRank()).as(what + "numerical_rank").isEqualTo(metrics.get("numerical_rank").asInt());
        }
    }

    private static void relative(String what, double got, double want, double tolerance) {
        assertThat(Math.abs(got - want)).as(what + " (" + got + " vs " + want + ")")
                .isLessThanOrEqualTo(tolerance * Math.abs(want));
    }
}
