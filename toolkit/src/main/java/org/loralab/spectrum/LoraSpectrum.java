package org.loralab.spectrum;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.linalg.LowRankMatrices;
import org.loralab.linalg.Svd;

/**
 * The exact SVD of a LoRA update dW = s B A without forming the d x k matrix. With thin factorisations
 * B = Ub Rb and A^T = Ua Ra (Ub, Ua orthonormal columns, Rb, Ra r x r), dW = Ub (s Rb Ra^T) Ua^T, so the SVD
 * of the r x r core C = s Rb Ra^T = Uc S Vc^T gives dW = (Ub Uc) S (Ua Vc)^T. Cost O((d + k) r^2) instead of
 * O(d k min(d, k)). The factorisations are thin SVDs (R = S V^T) rather than QR: Householder QR fails on a
 * zero column, which a fresh (B = 0) or partly unused adapter has.
 */
public final class LoraSpectrum {
    private LoraSpectrum() {
    }

    /**
     * @param b       (d, r) the LoRA B factor, not modified
     * @param a       (r, k) the LoRA A factor, not modified
     * @param scaling s in dW = s B A
     * @return the thin SVD with r components: u (d, r), s (r, descending), v (k, r); dW's other singular
     *         values are exactly 0
     */
    public static Svd of(DMatrixRMaj b, DMatrixRMaj a, double scaling) {
        int r = b.numCols;
        if (a.numRows != r) {
            throw new IllegalArgumentException("B is " + b.numRows + "x" + r + " but A is " + a.numRows + "x" + a.numCols
                    + ": A must have r = " + r + " rows");
        }
        if (r > Math.min(b.numRows, a.numCols)) {
            throw new IllegalArgumentException("rank r = " + r + " exceeds min(d, k) = " + Math.min(b.numRows, a.numCols));
        }
        Svd fb = Svd.of(b);                                         // B = Ub Sb Vb^T
        Svd fa = Svd.of(CommonOps_DDRM.transpose(a, null));         // A^T = Ua Sa Va^T
        DMatrixRMaj rb = LowRankMatrices.scaledColumns(fb.v(), fb.s(), r);   // Rb^T = Vb Sb  (r, r)
        DMatrixRMaj ra = LowRankMatrices.scaledColumns(fa.v(), fa.s(), r);   // Ra^T = Va Sa  (r, r)
        DMatrixRMaj core = new DMatrixRMaj(r, r);
        CommonOps_DDRM.multTransA(scaling, rb, ra, core);           // s Rb Ra^T
        Svd small = Svd.of(core);
        DMatrixRMaj u = new DMatrixRMaj(b.numRows, r);
        CommonOps_DDRM.mult(fb.u(), small.u(), u);
        DMatrixRMaj v = new DMatrixRMaj(a.numCols, r);
        CommonOps_DDRM.mult(fa.u(), small.v(), v);
        return new Svd(u, small.s(), v);
    }
}
