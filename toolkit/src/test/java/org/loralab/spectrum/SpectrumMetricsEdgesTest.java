package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/**
 * The metrics at their edges, from closed forms: a share reached exactly counts as reached, a singular value exactly at
 * the numerical-rank threshold does not count, and the top-k metrics equal the full ones where the top k determine them.
 * The inputs are chosen so the edge is hit exactly in double (0.9 * 10 rounds to 9.0; thresholds are powers of two).
 */
class SpectrumMetricsEdgesTest {

    @Test
    void aShareReachedExactlyCountsAsReached() {
        double[] ten = new double[10];
        java.util.Arrays.fill(ten, 1.0);
        assertThat(SpectrumMetrics.energyRank(ten, 0.90)).isEqualTo(9); // 9 of 10 equal values hold exactly 90%
        assertThat(SpectrumMetrics.of(ten, 10, 10).energyRank90()).isEqualTo(9);
        // top-k: 3^2 of 3^2 + 1^2 is exactly 90% of 10
        assertThat(SpectrumMetrics.ofTop(new double[] {3, 1}, 10, 4, 4, 1e-16).energyRank90()).isEqualTo(1);
    }

    /** A singular value equal to the threshold max(m, n) * eps * s1 = 2 * 0.125 * 4 = 1 is numerically zero. */
    @Test
    void aSingularValueAtTheThresholdIsNotCounted() {
        assertThat(SpectrumMetrics.of(new double[] {4, 1}, 2, 2, 0.125).numericalRank()).isEqualTo(1);
        assertThat(SpectrumMetrics.of(new double[] {4, 1.0000001}, 2, 2, 0.125).numericalRank()).isEqualTo(2);
        assertThat(SpectrumMetrics.ofTop(new double[] {4, 1}, 17, 2, 2, 0.125).numericalRank()).isEqualTo(1);
        assertThat(SpectrumMetrics.ofTop(new double[] {4, 2}, 17, 2, 2, 0.125).numericalRank())
                .isEqualTo(SpectrumMetrics.UNKNOWN); // s_k above the threshold: the rest could be too
    }

    /**
     * Top 2 of the spectrum {3, 2, 1} (E = 14): Frobenius sqrt(14), spectral 3, stable rank 14 / 9; energy rank 90
     * (12.6) is 2 (9 + 4 = 13), 95 (13.3) needs the third value: unknown; the full spectrum gives 2, 3, 3.
     */
    @Test
    void topKMetricsAreExactWhereTheTopDeterminesThem() {
        SpectrumMetrics top = SpectrumMetrics.ofTop(new double[] {3, 2}, 14, 3, 3, 1e-16);
        assertThat(top.frobenius()).isCloseTo(Math.sqrt(14), within(1e-15));
        assertThat(top.spectralNorm()).isEqualTo(3);
        assertThat(top.stableRank()).isCloseTo(14.0 / 9, within(1e-15));
        assertThat(top.energyRank90()).isEqualTo(2);
        assertThat(top.energyRank95()).isEqualTo(SpectrumMetrics.UNKNOWN);
        assertThat(top.nuclearNorm()).isNaN();
        assertThat(RankMetric.ENERGY_RANK_95.isKnown(top)).isFalse();
        assertThat(RankMetric.ENERGY_RANK_90.isKnown(top)).isTrue();
        assertThat(RankMetric.NUCLEAR_NORM.isKnown(top)).isFalse();
        assertThat(RankMetric.FROBENIUS.isKnown(top)).isTrue();
        assertThat(RankMetric.ENERGY_RANK_90.isInteger()).isTrue();
        assertThat(RankMetric.STABLE_RANK.isInteger()).isFalse();

        SpectrumMetrics full = SpectrumMetrics.ofTop(new double[] {3, 2, 1}, 14, 3, 3, 1e-16);
        SpectrumMetrics reference = SpectrumMetrics.of(new double[] {3, 2, 1}, 3, 3);
        assertThat(new int[] {full.energyRank90(), full.energyRank95(), full.energyRank99()})
                .containsExactly(reference.energyRank90(), reference.energyRank95(), reference.energyRank99())
                .containsExactly(2, 3, 3);
        assertThat(SpectrumMetrics.ofTop(new double[0], 0, 3, 3, 1e-16).frobenius()).isZero();
    }

    /** e(r) = sqrt(sum_{i>r} s_i^2 / E): for {2, 1}, 1, sqrt(1/5), 0; an unsorted spectrum is refused. */
    @Test
    void truncationErrorsFollowEckartYoung() {
        assertThat(SpectrumMetrics.truncationErrors(new double[] {2, 1}))
                .containsExactly(new double[] {1, Math.sqrt(0.2), 0}, within(1e-15));
        assertThat(SpectrumMetrics.truncationErrors(new double[] {0, 0})).containsExactly(0, 0, 0);
        assertThatThrownBy(() -> SpectrumMetrics.truncationErrors(new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * W = W' = diag(3, 2, 1): every left singular vector of W' is one of W's (cosine exactly 1), so none is an
     * intruder even at threshold 1 (an intruder's cosine is below it); k may run from 1 to the number of values.
     */
    @Test
    void intrudersAreBelowTheThresholdAndKAndTheThresholdHaveClosedRanges() {
        DMatrixRMaj w = CommonOps_DDRM.diag(3, 2, 1);
        assertThat(IntruderDimensions.of(w, w, 3, 1.0).count()).isZero();
        assertThat(IntruderDimensions.of(w, w, 3, 1.0).maxCosine()).containsExactly(1, 1, 1);
        assertThat(IntruderDimensions.of(w, w, 1, 1e-9).count()).isZero();
        // W' = U' diag(5, 2, 1) with U' = [e1, (e2 + e3)/sqrt 2, (e2 - e3)/sqrt 2]: its 2nd and 3rd directions have
        // cosine 1/sqrt 2 = 0.707 with W's nearest, below 0.8, so both are intruders, listed by index
        double h = Math.sqrt(0.5);
        DMatrixRMaj rotated = new DMatrixRMaj(new double[][] {{5, 0, 0}, {0, 2 * h, h}, {0, 2 * h, -h}});
        IntruderDimensions two = IntruderDimensions.of(w, rotated, 3, 0.8);
        assertThat(two.intruders()).containsExactly(1, 2);
        assertThat(two.maxCosine()).containsExactly(new double[] {1, h, h}, within(1e-12));
        assertThatThrownBy(() -> IntruderDimensions.of(w, w, 0, 0.5)).hasMessageContaining("k must be in [1, 3]");
        assertThatThrownBy(() -> IntruderDimensions.of(w, w, 4, 0.5)).hasMessageContaining("k must be in [1, 3]");
        assertThatThrownBy(() -> IntruderDimensions.of(w, w, 3, 0)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> IntruderDimensions.of(w, CommonOps_DDRM.diag(3, 2), 2, 0.5))
                .hasMessageContaining("W is 3x3 but W' is 2x2");
    }
}
