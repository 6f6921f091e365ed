package org.loralab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;

/** LAPACK results against EJML (an independent Java implementation) and against their defining identities. */
class LapackTest {

    @Property(tries = 30)
    void svdReconstructsAndAgreesWithEjml(@ForAll @IntRange(min = 1, max = 40) int rows,
                                          @ForAll @IntRange(min = 1, max = 40) int cols, @ForAll long seed) {
        DMatrixRMaj m = RandomMatrices.gaussian(rows, cols, new SplittableRandom(seed));
        Svd svd = Lapack.svd(m);
        int n = Math.min(rows, cols);
        double[] reference = Svd.values(m);
        double[] valuesOnly = Lapack.singularValues(m.data, rows, cols);
        for (int i = 0; i < n; i++) {
            // two backward-stable algorithms on the same matrix: within a few n eps s1
            assertThat(Math.abs(svd.s()[i] - reference[i])).isLessThan(1e-13 * reference[0]);
            assertThat(Math.abs(valuesOnly[i] - reference[i])).isLessThan(1e-13 * reference[0]);
        }
        DMatrixRMaj back = svd.truncate(n);
        CommonOps_DDRM.subtractEquals(back, m);
        assertThat(NormOps_DDRM.normF(back)).isLessThan(1e-12 * NormOps_DDRM.normF(m));
        assertThat(MatrixFeatures_DDRM.isIdentity(Lapack.multiply(svd.u(), true, svd.u(), false), 1e-12)).isTrue();
        assertThat(MatrixFeatures_DDRM.isIdentity(Lapack.multiply(svd.v(), true, svd.v(), false), 1e-12)).isTrue();
    }

    @Property(tries = 20)
    void floatSingularValuesAreTheDoubleOnesToFloatAccuracy(@ForAll @IntRange(min = 1, max = 40) int rows,
                                                             @ForAll @IntRange(min = 1, max = 40) int cols,
                                                             @ForAll long seed) {
        DMatrixRMaj m = RandomMatrices.gaussian(rows, cols, new SplittableRandom(seed));
        float[] single = new float[m.data.length];
        for (int i = 0; i < single.length; i++) {
            single[i] = (float) m.data[i];
        }
        float[] s = Lapack.singularValues(single, rows, cols);
        double[] reference = Lapack.singularValues(m.data, rows, cols);
        // rounding the input moves each value by at most ||dM||_2 <= 2^-24 ||M||_F (Weyl); sgesdd adds a few
        // n eps_f s1: 4 max(rows, cols) 2^-23 ||M||_F covers both
        double bound = 4 * Math.max(rows, cols) * Math.ulp(1.0f) * NormOps_DDRM.normF(m);
        for (int i = 0; i < s.length; i++) {
            assertThat(Math.abs(s[i] - reference[i])).isLessThan(bound);
        }
    }

    @Property(tries = 20)
    void gramAndProductsMatchEjml(@ForAll @IntRange(min = 1, max = 30) int rows,
                                  @ForAll @IntRange(min = 1, max = 30) int cols, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj m = RandomMatrices.gaussian(rows, cols, rng);
        DMatrixRMaj gram = cols <= rows ? new DMatrixRMaj(cols, cols) : new DMatrixRMaj(rows, rows);
        if (cols <= rows) {
            CommonOps_DDRM.multTransA(m, m, gram);
        } else {
            CommonOps_DDRM.multTransB(m, m, gram);
        }
        double[] upper = Lapack.gramUpper(m.data, rows, cols);
        int n = gram.numRows;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                assertThat(upper[i * n + j]).isCloseTo(gram.get(i, j), org.assertj.core.data.Offset.offset(1e-12 * rows * cols));
            }
        }
        DMatrixRMaj other = RandomMatrices.gaussian(rows, 7, rng);
        DMatrixRMaj expected = new DMatrixRMaj(cols, 7);
        CommonOps_DDRM.multTransA(m, other, expected);
        assertThat(MatrixFeatures_DDRM.isEquals(Lapack.multiply(m, true, other, false), expected, 1e-12)).isTrue();
    }

    @Test
    void symmetricEigenvaluesOfAKnownMatrix() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3
        assertThat(Lapack.symmetricEigenvalues(new double[] {2, 1, 1, 2}, 2)).containsExactly(new double[] {1, 3},
                org.assertj.core.data.Offset.offset(1e-15));
    }

    @Property(tries = 20)
    void qrIsOrthonormalTimesUpperTriangular(@ForAll @IntRange(min = 1, max = 40) int rows,
                                             @ForAll @IntRange(min = 1, max = 40) int colsWanted, @ForAll long seed) {
        int cols = Math.min(rows, colsWanted);
        DMatrixRMaj y = RandomMatrices.gaussian(rows, cols, new SplittableRandom(seed));
        for (int i = 0; i < rows; i++) {
            y.set(i, cols - 1, 0); // a zero column, as in a fresh LoRA B
        }
        DMatrixRMaj q = new DMatrixRMaj(1, 1);
        DMatrixRMaj r = new DMatrixRMaj(1, 1);
        Lapack.qr(y, q, r);
        assertThat(MatrixFeatures_DDRM.isIdentity(Lapack.multiply(q, true, q, false), 1e-12)).isTrue();
        assertThat(MatrixFeatures_DDRM.isUpperTriangle(r, 0, 0)).isTrue();
        assertThat(MatrixFeatures_DDRM.isEquals(Lapack.multiply(q, false, r, false), y, 1e-12)).isTrue();
    }

    /** Past 128 columns LAPACK switches to blocked code (BLAS-3 triangular products): check it there too. */
    @Test
    void blockedPathsAreRightToo() {
        SplittableRandom rng = new SplittableRandom(11);
        DMatrixRMaj y = RandomMatrices.gaussian(300, 160, rng);
        DMatrixRMaj q = new DMatrixRMaj(1, 1);
        DMatrixRMaj r = new DMatrixRMaj(1, 1);
        Lapack.qr(y, q, r);
        assertThat(MatrixFeatures_DDRM.isIdentity(Lapack.multiply(q, true, q, false), 1e-12)).isTrue();
        assertThat(MatrixFeatures_DDRM.isEquals(Lapack.multiply(q, false, r, false), y, 1e-11)).isTrue();
        for (DMatrixRMaj m : new DMatrixRMaj[] {RandomMatrices.gaussian(420, 180, rng), RandomMatrices.gaussian(180, 420, rng)}) {
            Svd svd = Lapack.svd(m);
            DMatrixRMaj back = svd.truncate(180);
            CommonOps_DDRM.subtractEquals(back, m);
            assertThat(NormOps_DDRM.normF(back)).isLessThan(1e-12 * NormOps_DDRM.normF(m));
            double[] reference = Svd.values(m);
            for (int i = 0; i < 180; i++) {
                assertThat(Math.abs(svd.s()[i] - reference[i])).isLessThan(1e-13 * reference[0]);
            }
        }
    }

    @Test
    void rejectsWrongShapes() {
        assertThatThrownBy(() -> Lapack.singularValues(new double[5], 2, 3)).hasMessageContaining("not 2x3");
        assertThatThrownBy(() -> Lapack.qr(new DMatrixRMaj(2, 3), new DMatrixRMaj(1, 1), new DMatrixRMaj(1, 1)))
                .hasMessageContaining("rows >= cols");
        assertThatThrownBy(() -> Lapack.multiply(new DMatrixRMaj(2, 3), false, new DMatrixRMaj(2, 3), false))
                .hasMessageContaining("cannot multiply");
    }
}
