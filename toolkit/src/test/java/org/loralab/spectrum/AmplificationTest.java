package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.loralab.linalg.LowRankMatrices;
import org.loralab.linalg.RandomMatrices;
import org.loralab.linalg.Svd;

class AmplificationTest {

    @Test
    void closedFormWhenTheUpdateFollowsOneOfTheBasesDirections() {
        // W = U diag(5, 3, 1) V^T; dW = 2 u3 v3^T: U^T W V over dW's direction is 1, so the factor is 2 / 1
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj u = RandomMatrices.orthonormalColumns(20, 3, rng);
        DMatrixRMaj v = RandomMatrices.orthonormalColumns(15, 3, rng);
        DMatrixRMaj w = LowRankMatrices.fromFactors(u, new double[] {5, 3, 1}, v, 3);
        DMatrixRMaj u3 = CommonOps_DDRM.extract(u, 0, 20, 2, 3);
        DMatrixRMaj v3 = CommonOps_DDRM.extract(v, 0, 15, 2, 3);
        DMatrixRMaj dw = LowRankMatrices.fromFactors(u3, new double[] {2}, v3, 1);
        Amplification a = Amplification.of(Svd.of(dw), w, 1);
        assertThat(a.updateNorm()).isCloseTo(2, offset(1e-13));
        assertThat(a.projectedBase()).isCloseTo(1, offset(1e-13));
        assertThat(a.factor()).isCloseTo(2, offset(1e-12));
    }

    @Test
    void agreesWithADirectComputationForALoraUpdate() {
        SplittableRandom rng = new SplittableRandom(4);
        DMatrixRMaj w = RandomMatrices.gaussian(40, 30, rng);
        DMatrixRMaj b = RandomMatrices.gaussian(40, 4, rng);
        DMatrixRMaj a = RandomMatrices.gaussian(4, 30, rng);
        DMatrixRMaj dw = new DMatrixRMaj(40, 30);
        CommonOps_DDRM.mult(0.5, b, a, dw);
        Svd dense = Svd.of(dw);
        // U^T W V directly from the dense SVD, in EJML
        DMatrixRMaj u = CommonOps_DDRM.extract(dense.u(), 0, 40, 0, 4);
        DMatrixRMaj v = CommonOps_DDRM.extract(dense.v(), 0, 30, 0, 4);
        DMatrixRMaj wv = new DMatrixRMaj(40, 4);
        CommonOps_DDRM.mult(w, v, wv);
        DMatrixRMaj proj = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.multTransA(u, wv, proj);
        double expected = NormOps_DDRM.normF(dw) / NormOps_DDRM.normF(proj);
        assertThat(Amplification.of(LoraSpectrum.of(b, a, 0.5), w, 4).factor()).isCloseTo(expected, offset(1e-10 * expected));
        assertThatThrownBy(() -> Amplification.of(dense, w, 31)).hasMessageContaining("rank must be in [1, 30]");
        assertThatThrownBy(() -> Amplification.of(dense, new DMatrixRMaj(3, 3), 1)).hasMessageContaining("W is 3x3");
    }
}
