package org.loralab.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/** Building matrices from factors: U diag(s) V^T and column scalings (EJML, double). */
public final class LowRankMatrices {
    private LowRankMatrices() {
    }

    /**
     * The first {@code count} columns of {@code m} (not modified), column j multiplied by {@code scale[j]}.
     */
    public static DMatrixRMaj scaledColumns(DMatrixRMaj m, double[] scale, int count) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, count);
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < count; j++) {
                out.unsafe_set(i, j, m.unsafe_get(i, j) * scale[j]);
            }
        }
        return out;
    }

    /**
     * U[:, :r] diag(s[:r]) V[:, :r]^T, a (rows of U) x (rows of V) matrix of rank at most r.
     * Arguments are not modified.
     */
    public static DMatrixRMaj fromFactors(DMatrixRMaj u, double[] s, DMatrixRMaj v, int r) {
        DMatrixRMaj us = scaledColumns(u, s, r);
        DMatrixRMaj vr = new DMatrixRMaj(v.numRows, r);
        CommonOps_DDRM.extract(v, 0, v.numRows, 0, r, vr, 0, 0);
        DMatrixRMaj out = new DMatrixRMaj(u.numRows, v.numRows);
        CommonOps_DDRM.multTransB(us, vr, out);
        return out;
    }
}
