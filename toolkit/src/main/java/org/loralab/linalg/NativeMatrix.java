package org.loralab.linalg;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;

/**
 * A large matrix copied once to native memory for repeated BLAS products with thin matrices. Passing a Java
 * array to native code copies it in and out on every call (256 MB per product for a 4096 x 4096 matrix);
 * here only the thin operands travel. Close it to free the native memory.
 */
public final class NativeMatrix implements AutoCloseable {
    private final DoublePointer data;
    private final int rows;
    private final int cols;

    /** Copies {@code m} (row-major). */
    public NativeMatrix(DMatrixRMaj m) {
        Lapack.checkKernels();
        this.rows = m.numRows;
        this.cols = m.numCols;
        this.data = new DoublePointer((long) rows * cols);
        data.put(m.data, 0, rows * cols);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** M B, or M^T B when {@code transpose}; a new matrix. */
    public DMatrixRMaj multiply(boolean transpose, DMatrixRMaj b) {
        int m = transpose ? cols : rows;
        int inner = transpose ? rows : cols;
        if (b.numRows != inner) {
            throw new IllegalArgumentException("cannot multiply " + rows + "x" + cols + (transpose ? "^T" : "") + " by "
                    + b.numRows + "x" + b.numCols);
        }
        int n = b.numCols;
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        try (DoublePointer bp = new DoublePointer(b.data.length); DoublePointer cp = new DoublePointer((long) m * n)) {
            bp.put(b.data, 0, inner * n);
            openblas.cblas_dgemm(openblas.CblasRowMajor, transpose ? openblas.CblasTrans : openblas.CblasNoTrans,
                    openblas.CblasNoTrans, m, n, inner, 1.0, data, cols, bp, n, 0.0, cp, n);
            cp.get(c.data, 0, m * n);
        }
        return c;
    }

    @Override
    public void close() {
        data.close();
    }
}
