package org.loralab.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Against ND4J's own matrix product (a different code path: its mmul op) on random matrices. Tolerances: 1e-12 in
 * double (sums of 7 to 9 products of numbers below 1), 1e-5 in float (the same in single precision).
 */
class GemmTest {

    private static INDArray random(DataType type, long... shape) {
        Nd4j.getRandom().setSeed(7);
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).castTo(type);
    }

    private static INDArray op(INDArray a, boolean transpose) {
        return transpose ? a.transpose() : a;
    }

    @ParameterizedTest
    @CsvSource({"DOUBLE,false,false", "DOUBLE,true,false", "DOUBLE,false,true", "DOUBLE,true,true",
            "FLOAT,false,false", "FLOAT,true,true"})
    void productMatchesNd4j(DataType type, boolean ta, boolean tb) {
        INDArray a = random(type, ta ? 9 : 5, ta ? 5 : 9);
        INDArray b = random(type, tb ? 7 : 9, tb ? 9 : 7).muli(2);
        INDArray expected = op(a, ta).mmul(op(b, tb));
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertThat(Gemm.product(a, ta, b, tb).equalsWithEps(expected, tolerance)).isTrue();
    }

    /** op(a) op(b) as three plain loops in double: a computation that shares nothing with BLAS. */
    private static double[][] naive(INDArray a, boolean ta, INDArray b, boolean tb) {
        INDArray x = op(a, ta).castTo(DataType.DOUBLE);
        INDArray y = op(b, tb).castTo(DataType.DOUBLE);
        double[][] out = new double[(int) x.rows()][(int) y.columns()];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < y.columns(); j++) {
                double sum = 0;
                for (int l = 0; l < x.columns(); l++) {
                    sum += x.getDouble(i, l) * y.getDouble(l, j);
                }
                out[i][j] = sum;
            }
        }
        return out;
    }

    /**
     * Large enough to be cut into tiles (130 x 300 x 200 multiply-adds), with ragged last tiles in both directions:
     * every element against the plain sum, with alpha and beta, all transposes. 1e-12 relative: sums of 200 products.
     */
    @ParameterizedTest
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void tiledProductsMatchThePlainSum(boolean ta, boolean tb) {
        INDArray a = random(DataType.DOUBLE, ta ? 200 : 130, ta ? 130 : 200);
        INDArray b = random(DataType.DOUBLE, tb ? 300 : 200, tb ? 200 : 300);
        INDArray c = Nd4j.ones(DataType.DOUBLE, 130, 300);
        Gemm.into(a, ta, b, tb, 0.5, 2.0, c);
        double[][] expected = naive(a, ta, b, tb);
        for (int i = 0; i < 130; i++) {
            for (int j = 0; j < 300; j++) {
                assertThat(c.getDouble(i, j)).as("(%d, %d)", i, j)
                        .isCloseTo(0.5 * expected[i][j] + 2.0, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    /** x W^T + b against the plain sum plus b, for a product small enough for one call and one cut into tiles. */
    @ParameterizedTest
    @CsvSource({"5,9,7", "130,200,300"})
    void affineAddsTheBiasToEveryRow(int n, int in, int out) {
        INDArray x = random(DataType.DOUBLE, n, in);
        INDArray w = random(DataType.DOUBLE, out, in);
        INDArray b = random(DataType.DOUBLE, out).muli(10);
        INDArray y = Gemm.affine(x, w, b);
        double[][] product = naive(x, false, w, true);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < out; j++) {
                assertThat(y.getDouble(i, j)).isCloseTo(product[i][j] + b.getDouble(j), org.assertj.core.data.Offset.offset(1e-12));
            }
        }
        assertThatThrownBy(() -> Gemm.affine(x, w, random(DataType.DOUBLE, out + 1)))
                .hasMessageContaining("bias of " + (out + 1));
    }

    /** A large block at an offset inside bigger arrays is tiled with the arrays' row lengths, and nothing else changes. */
    @Test
    void tiledBlocksKeepTheirOffsets() {
        INDArray a = random(DataType.DOUBLE, 140, 210);
        INDArray b = random(DataType.DOUBLE, 310, 205);
        INDArray c = Nd4j.zeros(DataType.DOUBLE, 135, 310);
        Gemm.block(a, 3 * 210 + 5, false, b, 7 * 205 + 1, true, 1, 0, c, 2 * 310 + 4, 130, 300, 200);
        double[][] expected = naive(a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 133),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 205)), false,
                b.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(7, 307),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 201)), true);
        double outside = c.sumNumber().doubleValue();
        for (int i = 0; i < 130; i++) {
            for (int j = 0; j < 300; j++) {
                assertThat(c.getDouble(2 + i, 4 + j)).isCloseTo(expected[i][j], org.assertj.core.data.Offset.offset(1e-12));
                outside -= expected[i][j];
            }
        }
        assertThat(outside).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-9));
    }

    /**
     * Tiles are 256 x 256 where a product has room for four of them, no larger than needed, and shrink towards 64 x 64
     * (longer side first) until there are four: the char-LM's activations, its weight gradients, a planted-rank
     * evaluation batch and a product too small for four.
     */
    @ParameterizedTest
    @CsvSource({"2048,512,256,256", "2048,128,256,128", "128,512,128,128", "512,128,128,128", "128,128,64,64",
            "1024,64,256,64", "130,300,128,256", "64,64,64,64"})
    void tilesDependOnTheShapeAlone(int m, int n, int rows, int columns) {
        assertThat(Gemm.tile(m, n)).containsExactly(rows, columns);
    }

    /** One, two and three worker threads give the same float bits (OpenBLAS's own threading did not). */
    @Test
    void theSameBitsOnAnyNumberOfThreads() throws Exception {
        INDArray a = random(DataType.FLOAT, 2048, 128);
        INDArray b = random(DataType.FLOAT, 512, 128);
        float[] one = onThreads(1, () -> Gemm.product(a, false, b, true));
        assertThat(onThreads(2, () -> Gemm.product(a, false, b, true))).isEqualTo(one);
        assertThat(onThreads(3, () -> Gemm.product(a, false, b, true))).isEqualTo(one);
    }

    private static float[] onThreads(int threads, java.util.concurrent.Callable<INDArray> product) throws Exception {
        java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(threads);
        try { // parallel streams started inside a pool's task run on that pool
            return pool.submit(product).get().data().asFloat();
        } finally {
            pool.shutdown();
        }
    }

    /** A slice of rows is a view with an offset into its parent's memory (as Dataset.slice makes in evaluation). */
    @Test
    void rowSlicesOfALargerArrayAreReadFromTheirOwnRows() {
        INDArray all = random(DataType.FLOAT, 10, 6);
        INDArray w = random(DataType.FLOAT, 4, 6);
        INDArray tail = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(7, 10), org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertThat(tail.offset()).isEqualTo(7 * 6);
        INDArray expected = tail.dup().mmul(w.transpose());
        assertThat(Gemm.product(tail, false, w, true).equalsWithEps(expected, 1e-5)).isTrue();
    }

    @Test
    void intoScalesAndAccumulates() {
        INDArray a = random(DataType.DOUBLE, 4, 6);
        INDArray b = random(DataType.DOUBLE, 6, 3);
        INDArray c = random(DataType.DOUBLE, 4, 3);
        INDArray expected = a.mmul(b).muli(0.5).addi(c.mul(2));
        Gemm.into(a, false, b, false, 0.5, 2, c);
        assertThat(c.equalsWithEps(expected, 1e-12)).isTrue();
    }

    @Test
    void blocksAreSubMatricesWithTheArraysRowLength() {
        INDArray a = random(DataType.DOUBLE, 6, 8);   // block rows 2..4, columns 3..6 (3 x 4)
        INDArray b = random(DataType.DOUBLE, 5, 4);   // block rows 1..4 (4 x 4)
        INDArray c = Nd4j.zeros(DataType.DOUBLE, 4, 10);
        Gemm.block(a, 2 * 8 + 3, false, b, 4, false, 1, 0, c, 1 * 10 + 5, 3, 4, 4);
        INDArray expected = a.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 5),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 7)).mmul(b.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 5), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        INDArray written = c.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 9));
        assertThat(written.equalsWithEps(expected, 1e-12)).isTrue();
        assertThat(c.sumNumber().doubleValue()).isCloseTo(written.sumNumber().doubleValue(),
                org.assertj.core.data.Offset.offset(1e-12)); // nothing outside the block
    }

    @Test
    void badShapesAndBlocksAreRejected() {
        INDArray a = random(DataType.DOUBLE, 3, 4);
        assertThatThrownBy(() -> Gemm.product(a, false, a, false)).hasMessageContaining("cannot multiply");
        assertThatThrownBy(() -> Gemm.product(a, false, a.castTo(DataType.FLOAT), true)).hasMessageContaining("one type");
        assertThatThrownBy(() -> Gemm.block(a, 5, false, a, 0, true, 1, 0, Nd4j.zeros(DataType.DOUBLE, 3, 3), 0, 3, 3, 4))
                .hasMessageContaining("does not fit");
    }
}
