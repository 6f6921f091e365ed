package org.loralab.spectrum;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.NativeMatrix;
import org.loralab.linalg.RandomMatrices;
import org.loralab.linalg.Svd;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The top-k singular triplets of a large matrix by randomized range finding (Halko, Martinsson and Tropp
 * 2011, Algorithms 4.4 and 5.1): sample the range with k + p Gaussian directions, sharpen it with q power
 * iterations (re-orthonormalised after every product, which keeps small singular values accurate), then
 * take the exact SVD of the small projected matrix. Products are BLAS {@code dgemm}, the QR and the small
 * SVD LAPACK, all in double.
 *
 * @param svd           top-k triplets: u (m, k), s (k, descending), v (n, k)
 * @param residualBound a-posteriori bound on ||(I - Q Q^T) M||_2, the spectral-norm error of the sampled range
 *                      (Halko et al. eq. 4.3: holds with probability at least 1 - 10^-10)
 */
public record RandomizedSvd(Svd svd, double residualBound) {
    private static final int PROBES = 10;

    /**
     * @param m               (rows, cols) the matrix, not modified
     * @param k               number of triplets, 1 <= k <= min(rows, cols)
     * @param oversampling    extra sample directions p (10 is usual)
     * @param powerIterations q (1 or 2 for slowly decaying spectra)
     * @param seed            seeds the random directions
     */
    public static RandomizedSvd of(DMatrixRMaj m, int k, int oversampling, int powerIterations, long seed) {
        int rows = m.numRows;
        int cols = m.numCols;
        if (k < 1 || k > Math.min(rows, cols)) {
            throw new IllegalArgumentException("k must be in [1, " + Math.min(rows, cols) + "], got " + k);
        }
        if (oversampling < 0 || powerIterations < 0) {
            throw new IllegalArgumentException("oversampling and power iterations must be >= 0");
        }
        int l = Math.min(k + oversampling, Math.min(rows, cols));
        SplittableRandom rng = new SplittableRandom(seed);
        try (NativeMatrix a = new NativeMatrix(m)) {
            DMatrixRMaj q = orthonormal(a.multiply(false, RandomMatrices.gaussian(cols, l, rng)));
            for (int i = 0; i < powerIterations; i++) {
                DMatrixRMaj z = orthonormal(a.multiply(true, q));  // (cols, l) = M^T Q
                q = orthonormal(a.multiply(false, z));              // (rows, l) = M Z
            }
            DMatrixRMaj bt = a.multiply(true, q);                   // (cols, l) = (Q^T M)^T
            Svd small = Lapack.svd(bt);                             // Q^T M = (U' S V'^T)^T = V' S U'^T
            DMatrixRMaj u = Lapack.multiply(q, false, small.v(), false);  // (rows, l)
            Svd top = new Svd(columns(u, k), Arrays.copyOf(small.s(), k), columns(small.u(), k));
            return new RandomizedSvd(top, residualBound(a, q, rng));
        }
    }

    /** The same for an ND4J matrix of any float type (copied to double). */
    public static RandomizedSvd of(INDArray m, int k, int oversampling, int powerIterations, long seed) {
        return of(MatrixBridge.toEjml(m), k, oversampling, powerIterations, seed);
    }

    /** 10 sqrt(2/pi) max_i ||(I - Q Q^T) M w_i|| over Gaussian probes w_i (Halko et al. Lemma 4.1). */
    private static double residualBound(NativeMatrix m, DMatrixRMaj q, SplittableRandom rng) {
        DMatrixRMaj y = m.multiply(false, RandomMatrices.gaussian(m.cols(), PROBES, rng));
        DMatrixRMaj residual = y.copy();
        CommonOps_DDRM.subtractEquals(residual, Lapack.multiply(q, false, Lapack.multiply(q, true, y, false), false));
        double worst = 0;
        for (int j = 0; j < PROBES; j++) {
            double sum = 0;
            for (int i = 0; i < residual.numRows; i++) {
                sum += residual.unsafe_get(i, j) * residual.unsafe_get(i, j);
            }
            worst = Math.max(worst, Math.sqrt(sum));
        }
        return 10 * Math.sqrt(2 / Math.PI) * worst;
    }

    private static DMatrixRMaj orthonormal(DMatrixRMaj y) {
        DMatrixRMaj q = new DMatrixRMaj(1, 1);
        Lapack.qr(y, q, new DMatrixRMaj(1, 1));
        return q;
    }

    private static DMatrixRMaj columns(DMatrixRMaj m, int count) {
        return CommonOps_DDRM.extract(m, 0, m.numRows, 0, count);
    }
}
