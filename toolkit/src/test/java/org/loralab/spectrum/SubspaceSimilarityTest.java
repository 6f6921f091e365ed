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
import org.junit.jupiter.api.Test;
import org.loralab.linalg.RandomMatrices;
import org.loralab.linalg.Svd;
import org.loralab.spectrum.SubspaceSimilarity.Side;

class SubspaceSimilarityTest {

    private static Svd vectors(DMatrixRMaj u, DMatrixRMaj v) {
        return new Svd(u, new double[u.numCols], v);
    }

    @Test
    void handComputedCase() {
        // Ux = (e1, e2); Uy = ((e1 + e3)/sqrt 2, e2): G = [[1/sqrt 2, 0], [0, 1]]
        DMatrixRMaj ux = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}, {0, 0}});
        double h = Math.sqrt(0.5);
        DMatrixRMaj uy = new DMatrixRMaj(new double[][] {{h, 0}, {0, 1}, {h, 0}});
        SubspaceSimilarity s = SubspaceSimilarity.of(vectors(ux, ux), vectors(uy, uy), Side.LEFT, 2, 2);
        assertThat(s.get(1, 1)).isCloseTo(0.5, offset(1e-15));
        assertThat(s.get(1, 2)).isCloseTo(0.5, offset(1e-15));
        assertThat(s.get(2, 1)).isCloseTo(0.5, offset(1e-15));
        assertThat(s.get(2, 2)).isCloseTo(0.75, offset(1e-15));
    }

    @Test
    void sameSubspacesGiveOneAndOrthogonalOnesZero() {
        SplittableRandom rng = new SplittableRandom(2);
        DMatrixRMaj q = RandomMatrices.orthonormalColumns(30, 12, rng);
        DMatrixRMaj first = CommonOps_DDRM.extract(q, 0, 30, 0, 6);
        DMatrixRMaj second = CommonOps_DDRM.extract(q, 0, 30, 6, 12);
        DMatrixRMaj v = RandomMatrices.orthonormalColumns(20, 6, rng);
        SubspaceSimilarity same = SubspaceSimilarity.of(vectors(first, v), vectors(first, v), Side.LEFT, 6, 6);
        SubspaceSimilarity orthogonal = SubspaceSimilarity.of(vectors(first, v), vectors(second, v), Side.LEFT, 6, 6);
        for (int i = 1; i <= 6; i++) {
            for (int j = 1; j <= 6; j++) {
                assertThat(same.get(i, j)).isCloseTo(1, offset(1e-13));
                assertThat(orthogonal.get(i, j)).isCloseTo(0, offset(1e-13));
            }
        }
        assertThat(SubspaceSimilarity.of(vectors(first, v), vectors(second, v), Side.RIGHT, 3, 3).get(3, 3))
                .as("right vectors: identical").isCloseTo(1, offset(1e-13));
    }

    /** Prefix sums against the definition computed directly for each (i, j). */
    @Property(tries = 20)
    void matchesTheDefinitionAndIsSymmetric(@ForAll @IntRange(min = 1, max = 10) int maxI,
                                            @ForAll @IntRange(min = 1, max = 10) int maxJ, @ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Svd x = Svd.of(RandomMatrices.gaussian(25, 15, rng));
        Svd y = Svd.of(RandomMatrices.gaussian(25, 15, rng));
        SubspaceSimilarity xy = SubspaceSimilarity.of(x, y, Side.RIGHT, maxI, maxJ);
        SubspaceSimilarity yx = SubspaceSimilarity.of(y, x, Side.RIGHT, maxJ, maxI);
        for (int i = 1; i <= maxI; i++) {
            for (int j = 1; j <= maxJ; j++) {
                DMatrixRMaj a = CommonOps_DDRM.extract(x.v(), 0, 15, 0, i);
                DMatrixRMaj b = CommonOps_DDRM.extract(y.v(), 0, 15, 0, j);
                DMatrixRMaj g = new DMatrixRMaj(i, j);
                CommonOps_DDRM.multTransA(a, b, g);
                double direct = Math.pow(NormOps_DDRM.normF(g), 2) / Math.min(i, j);
                assertThat(xy.get(i, j)).isCloseTo(direct, offset(1e-12)).isBetween(-1e-12, 1 + 1e-12);
                assertThat(yx.get(j, i)).isCloseTo(xy.get(i, j), offset(1e-12));
            }
        }
    }

    @Test
    void checksShapesAndRanges() {
        Svd x = Svd.of(RandomMatrices.gaussian(5, 4, new SplittableRandom(1)));
        Svd y = Svd.of(RandomMatrices.gaussian(6, 4, new SplittableRandom(1)));
        assertThatThrownBy(() -> SubspaceSimilarity.of(x, y, Side.LEFT, 2, 2)).hasMessageContaining("different shapes");
        assertThatThrownBy(() -> SubspaceSimilarity.of(x, x, Side.LEFT, 5, 2)).hasMessageContaining("got 5 and 2");
    }
}
