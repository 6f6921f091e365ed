package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.loralab.linalg.RandomMatrices;

/**
 * Every solver on matrices with a planted spectrum (U diag(s) V^T with random orthonormal U, V, so the
 * exact singular values are known in closed form): each singular value within the solver's error bound,
 * every metric against the metrics of the exact spectrum.
 */
class SpectrumSolverTest {

    /** A test matrix and its exact singular values (all min(rows, cols) of them, descending). */
    record Case(String name, DMatrixRMaj matrix, double[] exact) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        double[] five = {5, 4, 3, 2, 1};
        cases.add(planted("rank 5 of 300x700", 300, 700, five));
        cases.add(planted("rank 5 of 700x300", 700, 300, five));
        cases.add(planted("repeated values (2,2,2,2,1,1) in 200x150", 200, 150, new double[] {2, 2, 2, 2, 1, 1}));
        double[] harmonic = new double[90];
        Arrays.setAll(harmonic, i -> 1.0 / (i + 1));
        cases.add(planted("full rank 1/i spectrum of 120x90", 120, 90, harmonic));
        double[] illConditioned = new double[50];
        Arrays.setAll(illConditioned, i -> Math.pow(10, -12.0 * i / 49));
        cases.add(planted("condition number 1e12, 50x50", 50, 50, illConditioned));
        cases.add(new Case("zero 40x60", new DMatrixRMaj(40, 60), new double[40]));
        return cases;
    }

    private static Case planted(String name, int rows, int cols, double[] s) {
        DMatrixRMaj m = RandomMatrices.withSpectrum(rows, cols, s, new SplittableRandom(name.hashCode()));
        return new Case(name, m, Arrays.copyOf(s, Math.min(rows, cols)));
    }

    static Stream<Arguments> casesAndSolvers() {
        return cases().stream().flatMap(c -> Arrays.stream(SpectrumSolver.values()).map(s -> Arguments.of(c, s)));
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("casesAndSolvers")
    void singularValuesWithinTheSolversErrorBound(Case c, SpectrumSolver solver) {
        double[] s = solver.singularValues(c.matrix());
        double[] exact = c.exact();
        assertThat(s).hasSize(exact.length);
        int n = Math.max(c.matrix().numRows, c.matrix().numCols);
        double s1 = exact[0];
        for (int i = 0; i < s.length; i++) {
            if (solver == SpectrumSolver.GRAM) {
                // eigenvalues of M^T M are accurate to a few n eps s1^2 (and the floor reports smaller ones as 0)
                assertThat(Math.abs(s[i] * s[i] - exact[i] * exact[i])).as("s_%d^2", i).isLessThanOrEqualTo(4 * n * solver.epsilon() * s1 * s1);
            } else {
                // backward stable (and for float, the input rounded first): |s_i - exact_i| <= a few n eps s1
                assertThat(Math.abs(s[i] - exact[i])).as("s_%d", i).isLessThanOrEqualTo(4 * n * solver.epsilon() * s1);
            }
        }
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("casesAndSolvers")
    void metricsMatchThoseOfTheExactSpectrum(Case c, SpectrumSolver solver) {
        int rows = c.matrix().numRows;
        int cols = c.matrix().numCols;
        SpectrumMetrics got = SpectrumMetrics.of(solver.singularValues(c.matrix()), rows, cols, solver.epsilon());
        SpectrumMetrics want = SpectrumMetrics.of(c.exact(), rows, cols, solver.epsilon());
        boolean single = solver == SpectrumSolver.LAPACK_FLOAT;
        // energy metrics: relative n eps of the solver's precision (<= 1e-12 in double, 1e-4 in float at n = 700)
        double energy = single ? 1e-4 : 1e-10;
        assertRelative(got.frobenius(), want.frobenius(), energy);
        assertRelative(got.spectralNorm(), want.spectralNorm(), energy);
        assertRelative(got.stableRank(), want.stableRank(), energy);
        assertRelative(got.participationRatio(), want.participationRatio(), energy);
        assertThat(got.energyRank90()).isEqualTo(want.energyRank90());
        assertThat(got.energyRank95()).isEqualTo(want.energyRank95());
        assertThat(got.energyRank99()).isEqualTo(want.energyRank99());
        boolean illConditioned = c.name().startsWith("condition");
        if (solver == SpectrumSolver.GRAM && illConditioned) {
            // documented limit: values below sqrt(n eps) s1 ~ 1e-7 are not resolved, so the numerical rank
            // counts only the resolved ones (1e-12 i / 49 >= -7 for i <= 28)
            assertThat(got.numericalRank()).isBetween(27, 30).isLessThan(want.numericalRank());
            return;
        }
        // sums over all values, so the rounding noise of a rank-deficient tail adds up: float 1e-3
        double tail = single ? 1e-3 : 1e-10;
        assertRelative(got.nuclearNorm(), want.nuclearNorm(), tail);
        assertRelative(got.entropyRank(), want.entropyRank(), tail);
        if (single && illConditioned) {
            // in float the threshold n eps_f s1 = 6e-6 lies at the rounding-noise level of s_21 = 7.2e-6
            assertThat(got.numericalRank()).isBetween(want.numericalRank() - 2, want.numericalRank() + 2);
        } else {
            assertThat(got.numericalRank()).isEqualTo(want.numericalRank());
        }
    }

    @Test
    void closedFormNumericalRanksOfTheIllConditionedCase() {
        Case c = cases().get(4);
        // double: every s_i >= 1e-12 > 50 * 2^-52; float: s_i > 50 * 2^-23 = 6e-6 for i <= 21
        assertThat(SpectrumMetrics.of(c.exact(), 50, 50, SpectrumSolver.LAPACK.epsilon()).numericalRank()).isEqualTo(50);
        assertThat(SpectrumMetrics.of(c.exact(), 50, 50, SpectrumSolver.LAPACK_FLOAT.epsilon()).numericalRank()).isEqualTo(22);
    }

    @Test
    void nanOrInfinityIsAClearError() {
        DMatrixRMaj m = new DMatrixRMaj(3, 4);
        m.set(1, 2, Double.NaN);
        for (SpectrumSolver solver : SpectrumSolver.values()) {
            assertThatThrownBy(() -> solver.singularValues(m)).hasMessageContaining("NaN at (1, 2)");
        }
        m.set(1, 2, Double.NEGATIVE_INFINITY);
        assertThatThrownBy(() -> SpectrumSolver.LAPACK.singularValues(m)).hasMessageContaining("-Infinity");
    }

    private static void assertRelative(double got, double want, double tolerance) {
        assertThat(Math.abs(got - want)).isLessThanOrEqualTo(tolerance * Math.abs(want));
    }
}
