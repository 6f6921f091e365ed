package org.loralab.subspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loralab.linalg.RandomMatrices;

/**
 * The projections against their matrices. Tolerances: the products are sums of at most a few thousand terms of
 * size ~1, so double rounding leaves ~1e-13; the statistical checks use enough draws that the bounds are 5 standard
 * errors wide.
 */
class ProjectionTest {

    @Test
    void walshHadamardIsSylvestersMatrix() {
        int n = 16;
        for (int j = 0; j < n; j++) {
            double[] e = new double[n];
            e[j] = 1;
            FastfoodProjection.walshHadamard(e);
            for (int i = 0; i < n; i++) {
                // Sylvester's H: entry (-1)^popcount(i & j)
                assertThat(e[i]).isEqualTo(Integer.bitCount(i & j) % 2 == 0 ? 1.0 : -1.0);
            }
        }
    }

    /** The matrix of {@code p}, column j = P e_j. */
    private static double[][] matrix(Projection p) {
        int d = p.dimension();
        int big = (int) p.outputs();
        double[][] m = new double[big][d];
        for (int j = 0; j < d; j++) {
            double[] e = new double[d];
            e[j] = 1;
            double[] col = new double[big];
            p.apply(e, col);
            for (int i = 0; i < big; i++) {
                m[i][j] = col[i];
            }
        }
        return m;
    }

    private static double[] gaussian(SplittableRandom rng, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = RandomMatrices.standardNormal(rng);
        }
        return x;
    }

    @Test
    void fastfoodAppliesItsMatrixAndItsTranspose() {
        for (int[] shape : new int[][] {{5, 37}, {8, 8}, {1, 10}, {13, 300}}) {
            Projection p = new FastfoodProjection(shape[0], shape[1], 11);
            double[][] m = matrix(p);
            SplittableRandom rng = new SplittableRandom(3);
            double[] x = gaussian(rng, shape[0]);
            double[] g = gaussian(rng, shape[1]);
            double[] px = new double[shape[1]];
            double[] ptg = new double[shape[0]];
            p.apply(x, px);
            p.applyTransposed(g, ptg);
            for (int i = 0; i < shape[1]; i++) {
                double expected = 0;
                for (int j = 0; j < shape[0]; j++) {
                    expected += m[i][j] * x[j];
                }
                assertThat(px[i]).isCloseTo(expected, within(1e-12));
            }
            for (int j = 0; j < shape[0]; j++) {
                double expected = 0;
                for (int i = 0; i < shape[1]; i++) {
                    expected += m[i][j] * g[i];
                }
                assertThat(ptg[j]).as("P^T g, d = %d, D = %d", shape[0], shape[1]).isCloseTo(expected, within(1e-12));
            }
        }
    }

    @Test
    void denseAppliesItsEntries() {
        DenseProjection p = new DenseProjection(4, 9, 5);
        double[] x = {1, -2, 0.5, 3};
        double[] px = new double[9];
        p.apply(x, px);
        double[] g = new double[9];
        g[2] = 1;
        double[] ptg = new double[4];
        p.applyTransposed(g, ptg);
        for (int j = 0; j < 4; j++) {
            assertThat(ptg[j]).isEqualTo(p.entry(2, j));
        }
        double expected = 0;
        for (int j = 0; j < 4; j++) {
            expected += p.entry(7, j) * x[j];
        }
        assertThat(px[7]).isCloseTo(expected, within(1e-14));
    }

    /** Entries of variance 1/D, so E ||P x||^2 = ||x||^2: checked over 400 draws of P for a fixed x. */
    @Test
    void bothPreserveNormsOnAverage() {
        int d = 24;
        int big = 1000;
        double[] x = gaussian(new SplittableRandom(1), d);
        double norm2 = 0;
        for (double v : x) {
            norm2 += v * v;
        }
        for (ProjectionKind kind : new ProjectionKind[] {ProjectionKind.DENSE, ProjectionKind.FASTFOOD}) {
            int draws = 400;
            double mean = 0;
            double entries = 0;
            for (int s = 0; s < draws; s++) {
                Projection p = kind.create(d, big, 1000 + s);
                double[] px = new double[big];
                p.apply(x, px);
                double n = 0;
                for (double v : px) {
                    n += v * v;
                }
                mean += n / norm2 / draws;
                if (s < 20) {
                    for (double[] row : matrix(p)) {
                        for (double v : row) {
                            entries += v * v / (20.0 * big * d);
                        }
                    }
                }
            }
            // ||Px||^2 / ||x||^2 is about chi^2_D / D (sd sqrt(2/D) = 0.045 per draw, 0.0022 over 400): 5 sd = 0.012
            assertThat(mean).as(kind.toString()).isCloseTo(1.0, within(0.012));
            assertThat(entries * big).as(kind + ": mean squared entry times D").isCloseTo(1.0, within(0.02));
        }
    }

    @Test
    void autoChoosesByMemoryAndBadSizesAreRefused() {
        assertThat(ProjectionKind.AUTO.create(10, 1000, 1)).isInstanceOf(DenseProjection.class);
        assertThat(ProjectionKind.AUTO.create(100, 3696, 1)).isInstanceOf(FastfoodProjection.class);
        assertThat(new FastfoodProjection(1000, 5000, 1).blockSize()).isEqualTo(1024);
        assertThat(new FastfoodProjection(1024, 5000, 1).blockSize()).isEqualTo(1024);
        assertThat(new FastfoodProjection(1, 5, 1).blockSize()).isEqualTo(1);
        assertThatThrownBy(() -> ProjectionKind.parse("sparse")).hasMessageContaining("auto, dense or fastfood");
        assertThatThrownBy(() -> new DenseProjection(0, 3, 1)).hasMessageContaining("d >= 1");
    }
}
