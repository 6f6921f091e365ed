package org.loralab.spectrum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.loralab.linalg.LowRankMatrices;
import org.loralab.linalg.RandomMatrices;

class IntruderDimensionsTest {
    private static final int ROWS = 50;
    private static final int COLS = 20;
    private static final double SIZE = 100;

    /** W = X[:, :20] diag(s) Z^T (50 x 20, ||W||_2 = 1.2), so x_21..x_50 are outside W's left singular vectors. */
    private final SplittableRandom rng = new SplittableRandom(9);
    private final DMatrixRMaj x = RandomMatrices.orthonormalColumns(ROWS, ROWS, rng);
    private final DMatrixRMaj z = RandomMatrices.orthonormalColumns(COLS, COLS, rng);
    private final DMatrixRMaj w = LowRankMatrices.fromFactors(x, spectrum(), z, COLS);

    private static double[] spectrum() {
        double[] s = new double[COLS];
        Arrays.setAll(s, i -> 1.2 - 0.01 * i);
        return s;
    }

    /** W + SIZE x_column z_1^T. */
    private DMatrixRMaj tunedAlong(int column) {
        DMatrixRMaj tuned = w.copy();
        CommonOps_DDRM.addEquals(tuned, LowRankMatrices.fromFactors(CommonOps_DDRM.extract(x, 0, ROWS, column, column + 1),
                new double[] {SIZE}, CommonOps_DDRM.extract(z, 0, COLS, 0, 1), 1));
        return tuned;
    }

    // Wedin: the top left singular vector of W' is within sin(angle) <= ||W||_2 / (SIZE - ||W||_2) = 0.012 of x_column

    @Test
    void aLargeUpdateOutsideTheBasesDirectionsIsAnIntruder() {
        IntruderDimensions d = IntruderDimensions.of(w, tunedAlong(30), 10, 0.5);
        assertThat(d.maxCosine()[0]).isLessThan(0.013);
        assertThat(d.intruders()).containsExactly(0);
        assertThat(d.count()).isEqualTo(1);
    }

    @Test
    void anUpdateAlongAnExistingDirectionIsNot() {
        IntruderDimensions d = IntruderDimensions.of(w, tunedAlong(7), 10, 0.5);
        assertThat(d.maxCosine()[0]).isGreaterThan(Math.sqrt(1 - 0.013 * 0.013) - 1e-9);
        assertThat(d.count()).isZero();
        double[] unchanged = IntruderDimensions.of(w, w, IntruderDimensions.DEFAULT_TOP,
                IntruderDimensions.DEFAULT_THRESHOLD).maxCosine();
        assertThat(Arrays.stream(unchanged).min().orElseThrow()).as("distinct values: same vectors").isCloseTo(1, offset(1e-9));
        assertThatThrownBy(() -> IntruderDimensions.of(w, w, 10, 1.5)).hasMessageContaining("threshold");
        assertThatThrownBy(() -> IntruderDimensions.of(w, w, 21, 0.5)).hasMessageContaining("k must be in [1, 20]");
    }
}
