package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loralab.linalg.RandomMatrices;
import org.loralab.linalg.Svd;

class LoraSpectrumTest {

    @ParameterizedTest
    @CsvSource({"300, 700, 8, 2.0", "700, 300, 8, 0.5", "64, 64, 64, 1.0", "50, 80, 1, 3.0"})
    void equalsTheDenseSvdOfTheUpdate(int d, int k, int r, double scaling) {
        SplittableRandom rng = new SplittableRandom(d * 31L + k);
        DMatrixRMaj b = RandomMatrices.gaussian(d, r, rng);
        DMatrixRMaj a = RandomMatrices.gaussian(r, k, rng);
        DMatrixRMaj dense = new DMatrixRMaj(d, k);
        CommonOps_DDRM.mult(scaling, b, a, dense);
        double[] expected = Svd.values(dense);
        Svd factored = LoraSpectrum.of(b, a, scaling);
        assertThat(factored.s()).hasSize(r);
        // both are backward-stable SVDs of the same matrix: agreement to a few eps * s1, asked here as 1e-10 relative
        for (int i = 0; i < r; i++) {
            assertThat(Math.abs(factored.s()[i] - expected[i])).isLessThan(1e-10 * expected[0]);
        }
        for (int i = r; i < expected.length; i++) {
            assertThat(expected[i]).as("rank r: the rest vanish").isLessThan(1e-10 * expected[0]);
        }
        DMatrixRMaj back = factored.truncate(r);
        CommonOps_DDRM.subtractEquals(back, dense);
        assertThat(NormOps_DDRM.normF(back) / NormOps_DDRM.normF(dense)).isLessThan(1e-12);
        DMatrixRMaj utu = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransA(factored.u(), factored.u(), utu);
        assertThat(MatrixFeatures_DDRM.isIdentity(utu, 1e-12)).isTrue();
        DMatrixRMaj vtv = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransA(factored.v(), factored.v(), vtv);
        assertThat(MatrixFeatures_DDRM.isIdentity(vtv, 1e-12)).isTrue();
    }

    @Test
    void freshAdapterHasAZeroSpectrumAndShapesAreChecked() {
        DMatrixRMaj b = new DMatrixRMaj(20, 4); // B = 0 at initialisation
        DMatrixRMaj a = RandomMatrices.gaussian(4, 30, new SplittableRandom(1));
        assertThat(LoraSpectrum.of(b, a, 2.0).s()).containsOnly(0.0);
        assertThat(SpectrumMetrics.of(LoraSpectrum.of(b, a, 2.0).s(), 20, 30).energyRank90()).isZero();
        assertThatThrownBy(() -> LoraSpectrum.of(b, new DMatrixRMaj(5, 30), 1.0)).hasMessageContaining("r = 4 rows");
    }
}
