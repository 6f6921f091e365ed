package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.RandomMatrices;
import org.loralab.linalg.Svd;
import org.nd4j.linalg.api.buffer.DataType;

class RandomizedSvdTest {

    /** Rank-10 signal (singular values 10, 9, ..., 1) plus Gaussian noise of entry size {@code noise}. */
    private static DMatrixRMaj lowRankPlusNoise(int rows, int cols, double noise, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] s = new double[10];
        for (int i = 0; i < 10; i++) {
            s[i] = 10 - i;
        }
        DMatrixRMaj m = RandomMatrices.withSpectrum(rows, cols, s, rng);
        DMatrixRMaj n = RandomMatrices.gaussian(rows, cols, rng);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] += noise * n.data[i];
        }
        return m;
    }

    @Test
    void topSingularValuesMatchTheFullSvdAndTheBoundHolds() {
        DMatrixRMaj m = lowRankPlusNoise(300, 200, 1e-9, 3);
        double[] exact = Svd.values(m);
        RandomizedSvd r = RandomizedSvd.of(MatrixBridge.toNd4j(m, DataType.DOUBLE), 10, 10, 2, 7);
        for (int i = 0; i < 10; i++) {
            assertThat(Math.abs(r.svd().s()[i] - exact[i]) / exact[i]).isLessThan(1e-6);
        }
        // the residual of a 20-column range is at least the 21st singular value (Eckart-Young), and the
        // bound must not be absurdly loose for a matrix that is rank 10 plus noise of norm ~3e-8
        assertThat(r.residualBound()).isGreaterThanOrEqualTo(exact[20]).isLessThan(1e-5);
    }

    @Test
    void slowlyDecayingSpectrumNeedsPowerIterationsAndTheBoundSaysSo() {
        DMatrixRMaj m = lowRankPlusNoise(200, 150, 0.05, 5); // noise norm ~1.2: comparable to the small signal values
        double[] exact = Svd.values(m);
        RandomizedSvd none = RandomizedSvd.of(MatrixBridge.toNd4j(m, DataType.DOUBLE), 5, 5, 0, 1);
        RandomizedSvd two = RandomizedSvd.of(MatrixBridge.toNd4j(m, DataType.DOUBLE), 5, 5, 2, 1);
        double errNone = Math.abs(none.svd().s()[4] - exact[4]) / exact[4];
        double errTwo = Math.abs(two.svd().s()[4] - exact[4]) / exact[4];
        assertThat(errTwo).isLessThan(errNone).isLessThan(1e-3);
        assertThat(none.residualBound()).isGreaterThanOrEqualTo(exact[10]);
        assertThat(two.residualBound()).isGreaterThanOrEqualTo(exact[10]);
    }

    /**
     * k may be 1 or min(m, n), oversampling and power iterations 0; at k = min(m, n) the sample spans the whole column
     * space, so the values are the full SVD's (to rounding, 1e-12) and the residual bound is rounding only.
     */
    @Test
    void atFullRankWithoutOversamplingTheValuesAreExact() {
        DMatrixRMaj m = RandomMatrices.gaussian(5, 3, new SplittableRandom(9));
        RandomizedSvd all = RandomizedSvd.of(m, 3, 0, 0, 1);
        double[] exact = org.loralab.linalg.Lapack.svd(m).s();
        assertThat(all.svd().s())
                .containsExactly(exact, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(all.residualBound()).isLessThan(1e-10);
        assertThat(RandomizedSvd.of(m, 1, 0, 0, 1).svd().s()).hasSize(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomizedSvd.of(m, 0, 0, 0, 1))
                .hasMessageContaining("k must be in [1, 3]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomizedSvd.of(m, 4, 0, 0, 1))
                .hasMessageContaining("k must be in [1, 3]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomizedSvd.of(m, 2, -1, 0, 1))
                .hasMessageContaining("oversampling");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RandomizedSvd.of(m, 2, 0, -1, 1))
                .hasMessageContaining("oversampling");
    }
}
