package org.loralab.linalg;

import java.util.Arrays;
import org.bytedeco.openblas.global.openblas;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * LAPACK routines (and the BLAS-3 Gram product) of OpenBLAS (through the bytedeco presets; the same native library ND4J's CPU backend
 * loads, with its threads) on row-major arrays. Inputs are never modified.
 *
 * <p>A row-major m x n array is the column-major n x m array of the transpose, and M^T has the singular
 * values of M; the SVD routines use that to avoid LAPACKE's transposing copies.
 *
 * <p>OpenBLAS 0.3.19 (the version ND4J 1.0.0-M2.1 ships) picks its AVX-512 "SkylakeX" kernels on CPUs
 * with AVX-512, and there its triangular multiply is wrong: blocked QR, and with it {@code gesdd} on
 * rectangular matrices, returns garbage (measured: a 129x129 QR off by 150 in norm). Its Haswell kernels
 * are right. So the first call checks a blocked QR and refuses to go on with wrong kernels; the launcher,
 * the tests and the Jupyter kernel start Java with {@code OPENBLAS_CORETYPE=Haswell} on such CPUs.
 */
public final class Lapack {
    /** The environment variable (read by OpenBLAS when it loads) that selects sound kernels. */
    public static final String CORE_TYPE_VARIABLE = "OPENBLAS_CORETYPE";

    static {
        BlasThreads.configure();
    }

    private Lapack() {
    }

    /** Runs once, on first use: 160x129 is past LAPACK's 128-column switch to the blocked algorithm. */
    private static final class KernelCheck {
        static final String PROBLEM = check();

        private static String check() {
            DMatrixRMaj y = RandomMatrices.gaussian(160, 129, new java.util.SplittableRandom(1));
            DMatrixRMaj q = new DMatrixRMaj(1, 1);
            DMatrixRMaj r = new DMatrixRMaj(1, 1);
            qrUnchecked(y, q, r);
            DMatrixRMaj back = multiplyUnchecked(q, false, r, false);
            CommonOps_DDRM.subtractEquals(back, y);
            double error = org.ejml.dense.row.NormOps_DDRM.normF(back) / org.ejml.dense.row.NormOps_DDRM.normF(y);
            return error < 1e-12 ? null : String.format(java.util.Locale.ROOT,
                    "OpenBLAS computes wrong results with its %s kernels on this CPU (QR check off by %.3g); start Java"
                            + " with the environment variable %s=Haswell (./loralab, the tests and the Jupyter kernel do)",
                    System.getenv(CORE_TYPE_VARIABLE) == null ? "default (AVX-512)" : System.getenv(CORE_TYPE_VARIABLE),
                    error, CORE_TYPE_VARIABLE);
        }
    }

    /** @throws IllegalStateException when OpenBLAS loaded kernels that give wrong results (see the class comment) */
    public static void checkKernels() {
        if (KernelCheck.PROBLEM != null) {
            throw new IllegalStateException(KernelCheck.PROBLEM);
        }
    }

    /** All singular values of a row-major rows x cols matrix, descending (divide and conquer, {@code dgesdd}). */
    public static double[] singularValues(double[] rowMajor, int rows, int cols) {
        return singularValuesInPlace(rowMajor.clone(), rows, cols);
    }

    /** The same, overwriting {@code rowMajor} instead of copying it (for matrices too large to copy). */
    public static double[] singularValuesInPlace(double[] rowMajor, int rows, int cols) {
        checkKernels();
        // column-major cols x rows = M^T; LAPACKE checks the leading dimensions even when jobz = 'N'
        checkShape(rowMajor.length, rows, cols);
        int n = Math.min(rows, cols);
        double[] s = new double[n];
        if (n == 0) {
            return s;
        }
        int info = openblas.LAPACKE_dgesdd(openblas.LAPACK_COL_MAJOR, (byte) 'N', cols, rows, rowMajor,
                cols, s, new double[1], cols, new double[1], n);
        check("dgesdd", info);
        return s;
    }

    /** The same in single precision ({@code sgesdd}): twice the speed, float accuracy. */
    public static float[] singularValues(float[] rowMajor, int rows, int cols) {
        checkKernels();
        checkShape(rowMajor.length, rows, cols);
        int n = Math.min(rows, cols);
        float[] s = new float[n];
        if (n == 0) {
            return s;
        }
        int info = openblas.LAPACKE_sgesdd(openblas.LAPACK_COL_MAJOR, (byte) 'N', cols, rows, rowMajor.clone(),
                cols, s, new float[1], cols, new float[1], n);
        check("sgesdd", info);
        return s;
    }

    /** The thin SVD of {@code m} with singular vectors ({@code dgesdd}, jobz = 'S'). */
    public static Svd svd(DMatrixRMaj m) {
        checkKernels();
        int rows = m.numRows;
        int cols = m.numCols;
        int n = Math.min(rows, cols);
        double[] s = new double[n];
        // M^T (column-major cols x rows) = U' S V'^T, so M = V' S U'^T:
        // U of M is V'^T, whose column-major n x rows buffer is U (rows x n) row-major; V of M is U'.
        double[] vt = new double[cols * n];  // U' column-major cols x n = V^T row-major n x cols
        double[] u = new double[n * rows];   // V'^T column-major n x rows = U row-major rows x n
        int info = openblas.LAPACKE_dgesdd(openblas.LAPACK_COL_MAJOR, (byte) 'S', cols, rows,
                Arrays.copyOf(m.data, rows * cols), cols, s, vt, cols, u, n);
        check("dgesdd", info);
        DMatrixRMaj v = CommonOps_DDRM.transpose(DMatrixRMaj.wrap(n, cols, vt), null);
        return new Svd(DMatrixRMaj.wrap(rows, n, u), s, v);
    }

    /**
     * The smaller Gram matrix of a row-major rows x cols matrix M: M^T M (cols x cols) when cols <= rows,
     * else M M^T; its eigenvalues are the squared singular values of M. Only the upper triangle is
     * computed ({@code dsyrk}, half the work of a general product).
     */
    public static double[] gramUpper(double[] rowMajor, int rows, int cols) {
        checkKernels();
        checkShape(rowMajor.length, rows, cols);
        int n = Math.min(rows, cols);
        double[] g = new double[n * n];
        if (n == 0) {
            return g;
        }
        boolean transpose = cols <= rows; // M^T M: sum over the rows of M
        openblas.cblas_dsyrk(openblas.CblasRowMajor, openblas.CblasUpper,
                transpose ? openblas.CblasTrans : openblas.CblasNoTrans, n, transpose ? rows : cols,
                1.0, rowMajor, cols, 0.0, g, n);
        return g;
    }

    /** C = A B (or A^T B, A B^T) through BLAS {@code dgemm}; a new matrix. */
    public static DMatrixRMaj multiply(DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        checkKernels();
        return multiplyUnchecked(a, transposeA, b, transposeB);
    }

    private static DMatrixRMaj multiplyUnchecked(DMatrixRMaj a, boolean transposeA, DMatrixRMaj b, boolean transposeB) {
        int m = transposeA ? a.numCols : a.numRows;
        int inner = transposeA ? a.numRows : a.numCols;
        int n = transposeB ? b.numRows : b.numCols;
        if ((transposeB ? b.numCols : b.numRows) != inner) {
            throw new IllegalArgumentException("cannot multiply " + a.numRows + "x" + a.numCols + (transposeA ? "^T" : "")
                    + " by " + b.numRows + "x" + b.numCols + (transposeB ? "^T" : ""));
        }
        DMatrixRMaj c = new DMatrixRMaj(m, n);
        if (m > 0 && n > 0 && inner > 0) {
            openblas.cblas_dgemm(openblas.CblasRowMajor, transposeA ? openblas.CblasTrans : openblas.CblasNoTrans,
                    transposeB ? openblas.CblasTrans : openblas.CblasNoTrans, m, n, inner, 1.0,
                    a.data, a.numCols, b.data, b.numCols, 0.0, c.data, n);
        }
        return c;
    }

    /** Eigenvalues of a symmetric n x n matrix (its upper triangle is read), ascending ({@code dsyevd}). */
    public static double[] symmetricEigenvalues(double[] symmetric, int n) {
        checkKernels();
        checkShape(symmetric.length, n, n);
        double[] w = new double[n];
        if (n == 0) {
            return w;
        }
        int info = openblas.LAPACKE_dsyevd(openblas.LAPACK_ROW_MAJOR, (byte) 'N', (byte) 'U', n, symmetric.clone(), n, w);
        check("dsyevd", info);
        return w;
    }

    /**
     * Thin QR factorisation Y = Q R of a rows x cols matrix with rows >= cols ({@code dgeqrf} and
     * {@code dorgqr}, Householder; rank-deficient and zero columns are fine).
     *
     * @param q receives Q (rows x cols, orthonormal columns)
     * @param r receives R (cols x cols, upper triangular)
     */
    public static void qr(DMatrixRMaj y, DMatrixRMaj q, DMatrixRMaj r) {
        checkKernels();
        qrUnchecked(y, q, r);
    }

    private static void qrUnchecked(DMatrixRMaj y, DMatrixRMaj q, DMatrixRMaj r) {
        int rows = y.numRows;
        int cols = y.numCols;
        if (rows < cols) {
            throw new IllegalArgumentException("thin QR needs rows >= cols, got " + rows + "x" + cols);
        }
        q.reshape(rows, cols);
        r.reshape(cols, cols);
        if (cols == 0) {
            return;
        }
        System.arraycopy(y.data, 0, q.data, 0, rows * cols);
        double[] tau = new double[cols];
        check("dgeqrf", openblas.LAPACKE_dgeqrf(openblas.LAPACK_ROW_MAJOR, rows, cols, q.data, cols, tau));
        r.zero();
        for (int i = 0; i < cols; i++) {
            for (int j = i; j < cols; j++) {
                r.unsafe_set(i, j, q.unsafe_get(i, j));
            }
        }
        check("dorgqr", openblas.LAPACKE_dorgqr(openblas.LAPACK_ROW_MAJOR, rows, cols, cols, q.data, cols, tau));
    }

    private static void checkShape(int length, int rows, int cols) {
        if (rows < 0 || cols < 0 || (long) rows * cols != length) {
            throw new IllegalArgumentException("array of " + length + " values is not " + rows + "x" + cols);
        }
    }

    private static void check(String routine, int info) {
        if (info < 0) {
            throw new IllegalArgumentException(routine + ": argument " + (-info) + " is invalid");
        }
        if (info > 0) {
            throw new ArithmeticException(routine + " did not converge (info " + info + ")");
        }
    }
}
