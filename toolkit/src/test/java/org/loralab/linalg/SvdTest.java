package org.loralab.linalg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class SvdTest {

    private static DMatrixRMaj gaussian(int rows, int cols, long seed) {
        return MatrixBridge.toEjml(RandomArrays.normal(new SplittableRandom(seed), 0, 1, DataType.DOUBLE, rows, cols));
    }

    @Property(tries = 25)
    void reconstructsWithOrthonormalFactorsAndDescendingValues(@ForAll @IntRange(min = 1, max = 20) int rows,
                                                               @ForAll @IntRange(min = 1, max = 20) int cols,
                                                               @ForAll long seed) {
        DMatrixRMaj m = gaussian(rows, cols, seed);
        Svd svd = Svd.of(m);
        int n = Math.min(rows, cols);
        DMatrixRMaj back = svd.truncate(n);
        CommonOps_DDRM.subtractEquals(back, m);
        assertThat(NormOps_DDRM.normF(back)).isLessThan(1e-12 * NormOps_DDRM.normF(m));
        DMatrixRMaj utu = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(svd.u(), svd.u(), utu);
        assertThat(MatrixFeatures_DDRM.isIdentity(utu, 1e-12)).isTrue();
        DMatrixRMaj vtv = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransA(svd.v(), svd.v(), vtv);
        assertThat(MatrixFeatures_DDRM.isIdentity(vtv, 1e-12)).isTrue();
        for (int i = 1; i < n; i++) {
            assertThat(svd.s()[i]).isLessThanOrEqualTo(svd.s()[i - 1]);
        }
        double[] values = Svd.values(m);
        for (int i = 0; i < n; i++) {
            assertThat(values[i]).isCloseTo(svd.s()[i], org.assertj.core.data.Offset.offset(1e-12 * svd.s()[0]));
        }
    }

    @Test
    void bridgeRoundTripsFloatAndDouble() {
        INDArray f = RandomArrays.normal(new SplittableRandom(1), 0, 1, DataType.FLOAT, 3, 5);
        assertThat(MatrixBridge.toNd4j(MatrixBridge.toEjml(f), DataType.FLOAT)).isEqualTo(f);
        INDArray d = RandomArrays.normal(new SplittableRandom(1), 0, 1, DataType.DOUBLE, 4, 2);
        assertThat(MatrixBridge.toNd4j(MatrixBridge.toEjml(d), DataType.DOUBLE)).isEqualTo(d);
        assertThat(MatrixBridge.toEjml(d).get(3, 1)).isEqualTo(d.getDouble(3, 1));
    }
}
