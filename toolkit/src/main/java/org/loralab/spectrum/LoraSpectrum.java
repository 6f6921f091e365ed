package org.loralab.spectrum;

import org.ejml.data.DMatrixRMaj;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact SVD of a LoRA update dW = s B A without forming the d x k matrix. With thin QR factorisations
 * B = Qb Rb and A^T = Qa Ra, dW = Qb (s Rb Ra^T) Qa^T, so the SVD of the r x r core C = s Rb Ra^T = Uc S Vc^T
 * gives dW = (Qb Uc) S (Qa Vc)^T. Cost O((d + k) r^2) instead of O(d k min(d, k)). The QR runs through
 * LAPACK {@code geqrf} (OpenBLAS, via ND4J), which also copes with zero columns (a fresh adapter has B = 0);
 * the small core SVD through EJML; everything in double.
 */
public final class LoraSpectrum {
    private LoraSpectrum() {
    }

    /**
     * @param b       (d, r) the LoRA B factor, not modified (any float type)
     * @param a       (r, k) the LoRA A factor, not modified
     * @param scaling s in dW = s B A
     * @return the thin SVD with r components: u (d, r), s (r, descending), v (k, r); dW's other singular
     *         values are exactly 0
     */
    public static Svd of(INDArray b, INDArray a, double scaling) {
        int r = (int) b.columns();
        if (a.rows() != r) {
            throw new IllegalArgumentException("B is " + b.rows() + "x" + r + " but A is " + a.rows() + "x" + a.columns()
                    + ": A must have r = " + r + " rows");
        }
        if (r > Math.min(b.rows(), a.columns())) {
            throw new IllegalArgumentException("rank r = " + r + " exceeds min(d, k) = " + Math.min(b.rows(), a.columns()));
        }
        INDArray qb = b.castTo(DataType.DOUBLE).dup('f');              // becomes Qb (d, r)
        INDArray rb = Nd4j.create(DataType.DOUBLE, new long[] {r, r}, 'f');
        Nd4j.getBlasWrapper().lapack().geqrf(qb, rb);
        INDArray qa = a.castTo(DataType.DOUBLE).transpose().dup('f');  // becomes Qa (k, r)
        INDArray ra = Nd4j.create(DataType.DOUBLE, new long[] {r, r}, 'f');
        Nd4j.getBlasWrapper().lapack().geqrf(qa, ra);
        INDArray core = Nd4j.gemm(rb, ra, false, true).muli(scaling);  // s Rb Ra^T (r, r)
        Svd small = Svd.of(MatrixBridge.toEjml(core));
        INDArray u = Nd4j.gemm(qb, MatrixBridge.toNd4j(small.u(), DataType.DOUBLE), false, false);
        INDArray v = Nd4j.gemm(qa, MatrixBridge.toNd4j(small.v(), DataType.DOUBLE), false, false);
        return new Svd(MatrixBridge.toEjml(u), small.s(), MatrixBridge.toEjml(v));
    }

    /** The same for EJML matrices (not modified). */
    public static Svd of(DMatrixRMaj b, DMatrixRMaj a, double scaling) {
        return of(MatrixBridge.toNd4j(b, DataType.DOUBLE), MatrixBridge.toNd4j(a, DataType.DOUBLE), scaling);
    }
}
