package org.loralab.spectrum;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.lora.LoraAdapter;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exact SVD of a LoRA update dW = s B A without forming the d x k matrix. With thin QR factorisations
 * B = Qb Rb and A^T = Qa Ra, dW = Qb (s Rb Ra^T) Qa^T, so the SVD of the r x r core C = s Rb Ra^T = Uc S Vc^T
 * gives dW = (Qb Uc) S (Qa Vc)^T. Cost O((d + k) r^2) instead of O(d k min(d, k)). The QR is LAPACK's
 * Householder {@code geqrf}, which copes with zero columns (a fresh adapter has B = 0); everything in double.
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
        DMatrixRMaj qb = new DMatrixRMaj(1, 1);
        DMatrixRMaj rb = new DMatrixRMaj(1, 1);
        Lapack.qr(b, qb, rb);
        DMatrixRMaj qa = new DMatrixRMaj(1, 1);
        DMatrixRMaj ra = new DMatrixRMaj(1, 1);
        Lapack.qr(CommonOps_DDRM.transpose(a, null), qa, ra);
        DMatrixRMaj core = Lapack.multiply(rb, false, ra, true);
        CommonOps_DDRM.scale(scaling, core);
        Svd small = Svd.of(core);
        return new Svd(Lapack.multiply(qb, false, small.u(), false), small.s(), Lapack.multiply(qa, false, small.v(), false));
    }

    /** The exact SVD of an adapter's update scaling * B A. */
    public static Svd of(LoraAdapter adapter) {
        return of(adapter.b().value(), adapter.a().value(), adapter.scaling());
    }

    /** The same for ND4J factors of any float type (copied to double). */
    public static Svd of(INDArray b, INDArray a, double scaling) {
        return of(MatrixBridge.toEjml(b), MatrixBridge.toEjml(a), scaling);
    }
}
