package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.loralab.linalg.RandomMatrices;
import org.loralab.linalg.Svd;

class SpectrumMetricsTest {

    @Test
    void closedFormsOnAKnownSpectrum() {
        // sigma = (3, 2, 1): E = 14, p = (1/2, 1/3, 1/6), sum s^4 = 98
        SpectrumMetrics m = SpectrumMetrics.of(new double[] {3, 2, 1}, 5, 3);
        assertThat(m.frobenius()).isCloseTo(Math.sqrt(14), offset(1e-15));
        assertThat(m.spectralNorm()).isEqualTo(3);
        assertThat(m.nuclearNorm()).isEqualTo(6);
        assertThat(m.stableRank()).isCloseTo(14.0 / 9, offset(1e-15));
        double h = -(0.5 * Math.log(0.5) + Math.log(1.0 / 3) / 3 + Math.log(1.0 / 6) / 6);
        assertThat(m.entropyRank()).isCloseTo(Math.exp(h), offset(1e-14));
        assertThat(m.participationRatio()).isCloseTo(196.0 / 98, offset(1e-14));
        // cumulative energy 9/14 = 0.64, 13/14 = 0.93, 1
        assertThat(m.energyRank90()).isEqualTo(2);
        assertThat(m.energyRank95()).isEqualTo(3);
        assertThat(m.energyRank99()).isEqualTo(3);
        assertThat(m.numericalRank()).isEqualTo(3);
    }

    @Test
    void repeatedSingularValuesGiveEveryRankEqualToTheirCount() {
        SpectrumMetrics m = SpectrumMetrics.of(new double[] {2, 2, 2, 2, 0, 0}, 6, 6);
        assertThat(m.stableRank()).isCloseTo(4, offset(1e-14));
        assertThat(m.entropyRank()).isCloseTo(4, offset(1e-13));
        assertThat(m.participationRatio()).isCloseTo(4, offset(1e-14));
        assertThat(m.energyRank90()).isEqualTo(4);
        assertThat(m.numericalRank()).isEqualTo(4);
    }

    @Test
    void zeroMatrixHasEveryMetricZero() {
        SpectrumMetrics m = SpectrumMetrics.of(Svd.values(new DMatrixRMaj(4, 7)), 4, 7);
        assertThat(m).isEqualTo(new SpectrumMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertThat(SpectrumMetrics.truncationErrors(new double[] {0, 0})).containsExactly(0, 0, 0);
    }

    @Test
    void numericalRankUsesThePrecisionsEpsilon() {
        double[] sigma = {1, 1e-10};
        assertThat(SpectrumMetrics.of(sigma, 100, 100, SpectrumMetrics.DOUBLE_EPSILON).numericalRank()).isEqualTo(2);
        assertThat(SpectrumMetrics.of(sigma, 100, 100, SpectrumMetrics.FLOAT_EPSILON).numericalRank()).isEqualTo(1);
    }

    @Test
    void rejectsUnsortedOrNegativeValues() {
        assertThatThrownBy(() -> SpectrumMetrics.of(new double[] {1, 2}, 2, 2)).hasMessageContaining("descending");
        assertThatThrownBy(() -> SpectrumMetrics.of(new double[] {1, -1}, 2, 2)).hasMessageContaining("index 1");
    }

    @Test
    void plantedRankDeficientMatrixIsMeasuredExactly() {
        // 300 x 700 and 700 x 300 of rank 5 with known singular values
        for (int[] shape : new int[][] {{300, 700}, {700, 300}}) {
            double[] s = {5, 4, 3, 2, 1};
            DMatrixRMaj m = RandomMatrices.withSpectrum(shape[0], shape[1], s, new SplittableRandom(4));
            double[] sigma = Svd.values(m);
            for (int i = 0; i < 5; i++) {
                assertThat(sigma[i]).isCloseTo(s[i], offset(1e-12));
            }
            SpectrumMetrics metrics = SpectrumMetrics.of(sigma, shape[0], shape[1]);
            assertThat(metrics.numericalRank()).isEqualTo(5);
            assertThat(metrics.frobenius()).isCloseTo(NormOps_DDRM.normF(m), offset(1e-12));
        }
    }

    /** Second algorithm: the eigenvalues of the Gram matrix M^T M are the squared singular values. */
    @Property(tries = 20)
    void singularValuesAgreeWithTheGramEigenvalues(@ForAll @IntRange(min = 1, max = 30) int rows,
                                                   @ForAll @IntRange(min = 1, max = 30) int cols, @ForAll long seed) {
        DMatrixRMaj m = RandomMatrices.gaussian(rows, cols, new SplittableRandom(seed));
        double[] sigma = Svd.values(m);
        DMatrixRMaj gram = new DMatrixRMaj(cols, cols);
        CommonOps_DDRM.multTransA(m, m, gram);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(cols, false, true);
        assertThat(eig.decompose(gram)).isTrue();
        double[] lambda = new double[cols];
        for (int i = 0; i < cols; i++) {
            lambda[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(lambda);
        // the Gram matrix squares the condition number: compare energies, relative to s1^2 (1e-10 is
        // ample for these well-conditioned Gaussian matrices in double)
        for (int i = 0; i < sigma.length; i++) {
            assertThat(sigma[i] * sigma[i]).isCloseTo(lambda[cols - 1 - i], offset(1e-10 * sigma[0] * sigma[0]));
        }
    }

    /** The truncation curve against the measured error of the truncated matrix (an independent route). */
    @Property(tries = 15)
    void truncationErrorIsTheRelativeErrorOfTheBestApproximation(@ForAll @IntRange(min = 2, max = 25) int rows,
                                                                @ForAll @IntRange(min = 2, max = 25) int cols,
                                                                @ForAll long seed) {
        DMatrixRMaj m = RandomMatrices.gaussian(rows, cols, new SplittableRandom(seed));
        Svd svd = Svd.of(m);
        double[] e = SpectrumMetrics.truncationErrors(svd.s());
        for (int r = 0; r <= svd.s().length; r++) {
            DMatrixRMaj diff = m.copy();
            CommonOps_DDRM.subtractEquals(diff, svd.truncate(r));
            assertThat(e[r]).isCloseTo(NormOps_DDRM.normF(diff) / NormOps_DDRM.normF(m), offset(1e-10));
        }
        assertThat(e[0]).isEqualTo(1.0);
    }

    @Property(tries = 30)
    void metricsRespectTheirOrderings(@ForAll @IntRange(min = 1, max = 20) int rows,
                                      @ForAll @IntRange(min = 1, max = 20) int cols, @ForAll long seed) {
        DMatrixRMaj m = RandomMatrices.gaussian(rows, cols, new SplittableRandom(seed));
        SpectrumMetrics x = SpectrumMetrics.of(Svd.values(m), rows, cols);
        int n = Math.min(rows, cols);
        assertThat(x.spectralNorm()).isLessThanOrEqualTo(x.frobenius() * (1 + 1e-12));
        assertThat(x.frobenius()).isLessThanOrEqualTo(x.nuclearNorm() * (1 + 1e-12));
        assertThat(x.stableRank()).isBetween(1 - 1e-12, n + 1e-9);
        assertThat(x.participationRatio()).isBetween(1 - 1e-12, n + 1e-9);
        assertThat(x.entropyRank()).isBetween(1 - 1e-12, n + 1e-9);
        assertThat(x.energyRank90()).isLessThanOrEqualTo(x.energyRank95());
        assertThat(x.energyRank95()).isLessThanOrEqualTo(x.energyRank99());
        assertThat(x.energyRank99()).isLessThanOrEqualTo(x.numericalRank());
    }

    @Test
    void illConditionedMatrixKeepsItsSmallSingularValues() {
        // condition number 1e12: EJML's SVD works on M itself, so the smallest value keeps its relative accuracy
        // to about eps * s1 / s_min = 1e-4; the Gram route would lose it entirely
        double[] s = {1, 1e-3, 1e-6, 1e-9, 1e-12};
        DMatrixRMaj m = RandomMatrices.withSpectrum(40, 30, s, new SplittableRandom(8));
        double[] sigma = Svd.values(m);
        for (int i = 0; i < s.length; i++) {
            assertThat(sigma[i]).isCloseTo(s[i], offset(1e-15 * 40));
        }
        assertThat(SpectrumMetrics.of(sigma, 40, 30).numericalRank()).isEqualTo(5);
    }
}
