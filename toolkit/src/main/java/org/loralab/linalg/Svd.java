package org.loralab.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * A thin singular value decomposition M = U diag(s) V^T with s in descending order (EJML, double).
 *
 * @param u (rows, n) left singular vectors as columns; n = min(rows, cols) for a full thin SVD, fewer for a
 *          truncated or factored one (see {@code LoraSpectrum}, {@code RandomizedSvd})
 * @param s (n) singular values, descending
 * @param v (cols, n) right singular vectors as columns
 */
public record Svd(DMatrixRMaj u, double[] s, DMatrixRMaj v) {

    /** Decomposes {@code m} (not modified). */
    public static Svd of(DMatrixRMaj m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(m.numRows, m.numCols, true, true, true);
        if (!svd.decompose(m.copy())) {
            throw new ArithmeticException("SVD did not converge for a " + m.numRows + "x" + m.numCols + " matrix");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        int n = Math.min(m.numRows, m.numCols);
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            s[i] = w.get(i, i);
        }
        return new Svd(u, s, v);
    }

    /** Singular values alone, descending (cheaper: no vectors). {@code m} is not modified. */
    public static double[] values(DMatrixRMaj m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(m.numRows, m.numCols, false, false, true);
        if (!svd.decompose(m.copy())) {
            throw new ArithmeticException("SVD did not converge for a " + m.numRows + "x" + m.numCols + " matrix");
        }
        double[] s = svd.getSingularValues().clone();
        int n = Math.min(m.numRows, m.numCols);
        s = java.util.Arrays.copyOf(s, n);
        java.util.Arrays.sort(s);
        for (int i = 0; i < n / 2; i++) {
            double t = s[i];
            s[i] = s[n - 1 - i];
            s[n - 1 - i] = t;
        }
        return s;
    }

    public int rows() {
        return u.numRows;
    }

    public int cols() {
        return v.numRows;
    }

    /** U[:, :r] diag(s[:r]) V[:, :r]^T, the best rank-r approximation (Eckart-Young); r is capped at n. */
    public DMatrixRMaj truncate(int r) {
        return LowRankMatrices.fromFactors(u, s, v, Math.min(r, s.length));
    }
}
