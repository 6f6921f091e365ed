package org.loralab.linalg;

import java.util.Arrays;
import java.lang.ref.Reference;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products of ND4J arrays by OpenBLAS's sgemm/dgemm called directly on the arrays' memory (row-major, the
 * transposes as BLAS flags). ND4J's own {@code gemm}/{@code matmul} took about three times as long for the shapes
 * of a transformer layer (2048 x 128 by 128 x 512: 9 ms against 3 ms, measured), most of a training step.
 * Float and double; operands that are not dense row-major are copied first.
 *
 * <p>The same bits on any number of threads: OpenBLAS's own threading splits a product by thread count, and its edge
 * kernels round differently from its main one, so a 2048 x 128 by 128 x 128 product differed between 1 and 2 threads
 * (measured). Here OpenBLAS runs on one thread ({@link BlasThreads}) and a large product is cut into a grid of
 * tiles of C that depends on the product's shape alone, never on the number of threads, which run in parallel as
 * single-threaded calls. Tiles are as large as 256 x 256, since each call packs its panels of A and B again: for the
 * char-LM's 2048 x 512 x 128 product, 64 x 256 tiles ran at 110-129 GFLOPS on 2 cores and 256 x 256 at 180 (measured).
 */
public final class Gemm {
    private static final int LARGEST_TILE = 256;
    private static final int SMALLEST_TILE = 64;
    private static final int FEWEST_TILES = 4; // work for 2 to 4 threads before tiles shrink to 64
    private static final long PARALLEL_WORK = 1L << 22; // multiply-adds below which one call beats handing out tiles

    static {
        BlasThreads.configure();
    }

    private Gemm() {
    }

    /** op(a) op(b), a new matrix; op transposes when its flag is set. */
    public static INDArray product(INDArray a, boolean transposeA, INDArray b, boolean transposeB) {
        INDArray c = Nd4j.createUninitialized(a.dataType(), a.size(transposeA ? 1 : 0), b.size(transposeB ? 0 : 1));
        return into(a, transposeA, b, transposeB, 1, 0, c);
    }

    /**
     * x W^T + b, a new (n, out) matrix, for x (n, in), W (out, in) and b (out): b is written into every row first and
     * the product added onto it (beta = 1), where adding b afterwards took a pass of its own (an ND4J broadcast op).
     */
    public static INDArray affine(INDArray x, INDArray weight, INDArray bias) {
        if (bias.length() != weight.rows()) {
            throw new IllegalArgumentException("bias of " + bias.length() + " for a weight of shape "
                    + Arrays.toString(weight.shape()));
        }
        INDArray y = Nd4j.createUninitialized(x.dataType(), x.rows(), weight.rows());
        int columns = (int) weight.rows();
        DirectArray out = DirectArray.of(y);
        if (out.isFloat()) { // the block's rows of b in one write, no conversion per row
            float[] b = bias.castTo(DataType.FLOAT).toFloatVector();
            RowBlocks.forEach(x.rows(), columns, (first, count, scratch, partial) -> {
                float[] rows = scratch.floats(0, count * columns);
                for (int r = 0; r < count; r++) {
                    System.arraycopy(b, 0, rows, r * columns, columns);
                }
                out.writeFloats(first * columns, rows, count * columns);
            });
        } else {
            double[] b = bias.castTo(DataType.DOUBLE).toDoubleVector();
            RowBlocks.forEach(x.rows(), columns, (first, count, scratch, partial) -> {
                for (int r = first; r < first + count; r++) {
                    out.write(r * columns, b, columns);
                }
            });
        }
        return into(x, false, weight, true, 1, 1, y);
    }

    /** c = alpha op(a) op(b) + beta c, written into {@code c} (2-D, dense row-major); returns c. */
    public static INDArray into(INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha,
                                double beta, INDArray c) {
        check(a, b, c);
        long m = a.size(transposeA ? 1 : 0);
        long k = a.size(transposeA ? 0 : 1);
        long n = b.size(transposeB ? 0 : 1);
        if (b.size(transposeB ? 1 : 0) != k || c.size(0) != m || c.size(1) != n) {
            throw new IllegalArgumentException("cannot multiply " + shape(a, transposeA) + " by " + shape(b, transposeB)
                    + " into " + Arrays.toString(c.shape()));
        }
        gemm(DirectArray.dense(a), transposeA, DirectArray.dense(b), transposeB, alpha, beta, c, 0, 0, 0, (int) m, (int) n, (int) k);
        return c;
    }

    /**
     * One product of sub-matrices, c = alpha op(A) op(B) + beta c, where A is the m x k (k x m when transposed) matrix
     * that starts at element {@code offsetA} of {@code a} with rows a's last dimension apart, likewise B (k x n) and
     * C (m x n): a head's block of a (tokens, width) array, or one matrix of a batch, without copying it out.
     * All three arrays must be dense row-major, of one type; the blocks must lie inside them.
     */
    public static void block(INDArray a, long offsetA, boolean transposeA, INDArray b, long offsetB, boolean transposeB,
                             double alpha, double beta, INDArray c, long offsetC, int m, int n, int k) {
        if (!DirectArray.isDense(a) || !DirectArray.isDense(b) || !DirectArray.isDense(c) || b.dataType() != a.dataType() || c.dataType() != a.dataType()) {
            throw new IllegalArgumentException("needs dense row-major arrays of one type");
        }
        checkInside(a, offsetA, transposeA ? k : m, transposeA ? m : k);
        checkInside(b, offsetB, transposeB ? n : k, transposeB ? k : n);
        checkInside(c, offsetC, m, n);
        gemm(a, transposeA, b, transposeB, alpha, beta, c, offsetA, offsetB, offsetC, m, n, k);
    }

    private static void checkInside(INDArray x, long offset, int rows, int cols) {
        long ld = x.size(x.rank() - 1);
        if (offset < 0 || cols > ld || offset + (rows - 1) * ld + cols > x.length()) {
            throw new IllegalArgumentException("a " + rows + " x " + cols + " block at " + offset
                    + " does not fit in an array of shape " + Arrays.toString(x.shape()));
        }
    }

    /** The product, in tiles of a fixed grid run in parallel when it is large. */
    private static void gemm(INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha, double beta,
                             INDArray c, long offsetA, long offsetB, long offsetC, int m, int n, int k) {
        if ((long) m * n * k < PARALLEL_WORK || BlasThreads.threads() > 1) { // OpenBLAS threads it: no tiles on top
            call(a, transposeA, b, transposeB, alpha, beta, c, offsetA, offsetB, offsetC, m, n, k);
            return;
        }
        long lda = a.size(a.rank() - 1);
        long ldb = b.size(b.rank() - 1);
        long ldc = c.size(c.rank() - 1);
        int[] tile = tile(m, n);
        int rowTiles = tiles(m, tile[0]);
        int columnTiles = tiles(n, tile[1]);
        java.util.stream.IntStream.range(0, rowTiles * columnTiles).parallel().forEach(t -> {
            int i = t / columnTiles * tile[0];
            int j = t % columnTiles * tile[1];
            // rows i.. of op(A) start at row i of A, or column i of A stored transposed; likewise columns j.. of op(B)
            call(a, transposeA, b, transposeB, alpha, beta, c,
                    offsetA + (transposeA ? i : i * lda), offsetB + (transposeB ? j * ldb : j), offsetC + i * ldc + j,
                    Math.min(tile[0], m - i), Math.min(tile[1], n - j), k);
        });
    }

    /**
     * Rows and columns of the tiles of an m x n product: 256 x 256, each side halved while that leaves the number of
     * tiles unchanged (no tile larger than needed), then halved, the longer side first, down to 64 while there are
     * fewer than four tiles. A function of the shape alone, so the bits do not depend on the thread count.
     */
    static int[] tile(int m, int n) {
        int rows = LARGEST_TILE;
        int columns = LARGEST_TILE;
        while (rows > SMALLEST_TILE && rows / 2 >= m) {
            rows /= 2;
        }
        while (columns > SMALLEST_TILE && columns / 2 >= n) {
            columns /= 2;
        }
        while (tiles(m, rows) * tiles(n, columns) < FEWEST_TILES) {
            boolean rowsCanShrink = rows > SMALLEST_TILE && tiles(m, rows / 2) > tiles(m, rows);
            boolean columnsCanShrink = columns > SMALLEST_TILE && tiles(n, columns / 2) > tiles(n, columns);
            if (rowsCanShrink && (rows >= columns || !columnsCanShrink)) {
                rows /= 2;
            } else if (columnsCanShrink) {
                columns /= 2;
            } else {
                break;
            }
        }
        return new int[] {rows, columns};
    }

    private static int tiles(int size, int tile) {
        return (size + tile - 1) / tile;
    }

    /** The BLAS call on elements starting at the given offsets (added to each array's own). */
    private static void call(INDArray a, boolean transposeA, INDArray b, boolean transposeB, double alpha, double beta,
                             INDArray c, long offsetA, long offsetB, long offsetC, int m, int n, int k) {
        int lda = (int) a.size(a.rank() - 1);
        int ldb = (int) b.size(b.rank() - 1);
        int ldc = (int) c.size(c.rank() - 1);
        int ta = transposeA ? openblas.CblasTrans : openblas.CblasNoTrans;
        int tb = transposeB ? openblas.CblasTrans : openblas.CblasNoTrans;
        if (a.dataType() == DataType.FLOAT) {
            openblas.cblas_sgemm(openblas.CblasRowMajor, ta, tb, m, n, k, (float) alpha, floats(a, offsetA), lda,
                    floats(b, offsetB), ldb, (float) beta, floats(c, offsetC), ldc);
        } else {
            openblas.cblas_dgemm(openblas.CblasRowMajor, ta, tb, m, n, k, alpha, doubles(a, offsetA), lda,
                    doubles(b, offsetB), ldb, beta, doubles(c, offsetC), ldc);
        }
        // The pointers do not own the memory; the arrays do and free it when collected. A dense copy made for this
        // call is unreachable once its pointer is taken: the fences keep it alive until OpenBLAS is done with it.
        Reference.reachabilityFence(a);
        Reference.reachabilityFence(b);
        Reference.reachabilityFence(c);
    }

    private static void check(INDArray a, INDArray b, INDArray c) {
        DataType type = a.dataType();
        if (type != DataType.FLOAT && type != DataType.DOUBLE || b.dataType() != type || c.dataType() != type) {
            throw new IllegalArgumentException("needs float32 or float64 operands of one type, got " + a.dataType()
                    + ", " + b.dataType() + ", " + c.dataType());
        }
        if (a.rank() != 2 || b.rank() != 2 || c.rank() != 2) {
            throw new IllegalArgumentException("needs 2-D operands, got " + Arrays.toString(a.shape()) + ", "
                    + Arrays.toString(b.shape()));
        }
        if (!DirectArray.isDense(c)) {
            throw new IllegalArgumentException("the result must be a dense row-major array");
        }
    }

    private static FloatPointer floats(INDArray x, long offset) {
        return new FloatPointer(x.data().addressPointer()).position(start(x) + offset);
    }

    private static DoublePointer doubles(INDArray x, long offset) {
        return new DoublePointer(x.data().addressPointer()).position(start(x) + offset);
    }

    /**
     * Where x's first element lies from its buffer's address. A view (a slice of rows) has a buffer of its own whose
     * address already points at its parent's element {@code data().offset()}, while {@code x.offset()} counts from the
     * parent's first element: adding both read a slice's rows twice as far in (past the end of an evaluation set, a
     * crash in a Fashion-MNIST sweep).
     */
    private static long start(INDArray x) {
        return x.offset() - x.data().offset();
    }

    private static String shape(INDArray x, boolean transposed) {
        return Arrays.toString(x.shape()) + (transposed ? "^T" : "");
    }
}
