package org.loralab.spectrum;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The top-k singular triplets of a large matrix by randomized range finding (Halko, Martinsson and Tropp
 * 2011, Algorithms 4.4 and 5.1): sample the range with k + p Gaussian directions, sharpen it with q power
 * iterations (re-orthonormalised after every product, which keeps small singular values accurate), then
 * take the exact SVD of the small projected matrix. The large products run through ND4J's BLAS; the small
 * QR and SVD factorisations through EJML, in double.
 *
 * @param svd           top-k triplets: u (m, k), s (k, descending), v (n, k)
 * @param residualBound a-posteriori bound on ||(I - Q Q^T) M||_2, the spectral-norm error of the sampled range
 *                      (Halko et al. eq. 4.3: holds with probability at least 1 - 10^-10)
 */
public record RandomizedSvd(Svd svd, double residualBound) {
    private static final int PROBES = 10;

    /**
     * @param m               (rows, cols) the matrix, not modified (any float type; computed in double)
     * @param k               number of triplets, 1 <= k <= min(rows, cols)
     * @param oversampling    extra sample directions p (10 is usual)
     * @param powerIterations q (1 or 2 for slowly decaying spectra)
     * @param seed            seeds the random directions
     */
    public static RandomizedSvd of(INDArray m, int k, int oversampling, int powerIterations, long seed) {
        int rows = (int) m.rows();
        int cols = (int) m.columns();
        if (k < 1 || k > Math.min(rows, cols)) {
            throw new IllegalArgumentException("k must be in [1, " + Math.min(rows, cols) + "], got " + k);
        }
        if (oversampling < 0 || powerIterations < 0) {
            throw new IllegalArgumentException("oversampling and power iterations must be >= 0");
        }
        INDArray a = m.dataType() == DataType.DOUBLE ? m : m.castTo(DataType.DOUBLE);
        int l = Math.min(k + oversampling, Math.min(rows, cols));
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray q = orthonormal(Nd4j.gemm(a, RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, cols, l), false, false));
        for (int i = 0; i < powerIterations; i++) {
            INDArray z = orthonormal(Nd4j.gemm(a, q, true, false));       // (cols, l) = M^T Q
            q = orthonormal(Nd4j.gemm(a, z, false, false));               // (rows, l) = M Z
        }
        INDArray b = Nd4j.gemm(q, a, true, false);                        // (l, cols) = Q^T M
        Svd small = Svd.of(MatrixBridge.toEjml(b));
        INDArray u = Nd4j.gemm(q, MatrixBridge.toNd4j(small.u(), DataType.DOUBLE), false, false);  // (rows, l)
        Svd top = new Svd(columns(MatrixBridge.toEjml(u), k), java.util.Arrays.copyOf(small.s(), k), columns(small.v(), k));
        return new RandomizedSvd(top, residualBound(a, q, rng));
    }

    /** 10 sqrt(2/pi) max_i ||(I - Q Q^T) M w_i|| over Gaussian probes w_i (Halko et al. Lemma 4.1). */
    private static double residualBound(INDArray a, INDArray q, SplittableRandom rng) {
        INDArray y = Nd4j.gemm(a, RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, a.columns(), PROBES), false, false);
        INDArray residual = y.sub(Nd4j.gemm(q, Nd4j.gemm(q, y, true, false), false, false));
        double worst = residual.norm2(0).maxNumber().doubleValue();
        return 10 * Math.sqrt(2 / Math.PI) * worst;
    }

    /** An orthonormal basis of the columns of {@code y} (thin QR, EJML). */
    private static INDArray orthonormal(INDArray y) {
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr((int) y.rows(), (int) y.columns());
        if (!qr.decompose(MatrixBridge.toEjml(y))) {
            throw new ArithmeticException("QR failed");
        }
        return MatrixBridge.toNd4j(qr.getQ(null, true), DataType.DOUBLE);
    }

    private static DMatrixRMaj columns(DMatrixRMaj m, int count) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, count);
        org.ejml.dense.row.CommonOps_DDRM.extract(m, 0, m.numRows, 0, count, out, 0, 0);
        return out;
    }
}
