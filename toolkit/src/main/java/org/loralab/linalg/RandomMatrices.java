package org.loralab.linalg;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/** Seeded random test matrices with known structure (EJML, double): for planted tasks, tests and benchmarks. */
public final class RandomMatrices {
    private RandomMatrices() {
    }

    /** A standard normal draw (Marsaglia's polar method; SplittableRandom has no nextGaussian on Java 17). */
    public static double standardNormal(SplittableRandom rng) {
        double u;
        double v;
        double s;
        do {
            u = 2 * rng.nextDouble() - 1;
            v = 2 * rng.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.sqrt(-2 * Math.log(s) / s);
    }

    /** Independent standard normal entries, drawn row by row from {@code rng}. */
    public static DMatrixRMaj gaussian(int rows, int cols, SplittableRandom rng) {
        DMatrixRMaj g = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] = standardNormal(rng);
        }
        return g;
    }

    /** Q of the thin QR of a Gaussian (n, r) matrix: uniformly random orthonormal columns. */
    public static DMatrixRMaj orthonormalColumns(int n, int r, SplittableRandom rng) {
        DMatrixRMaj g = gaussian(n, r, rng);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, r);
        if (!qr.decompose(g)) {
            throw new ArithmeticException("QR failed");
        }
        return qr.getQ(null, true);
    }

    /**
     * U diag(s) V^T with U (rows, r) and V (cols, r) uniformly random with orthonormal columns (U drawn
     * first), r = s.length: a matrix whose nonzero singular values are exactly {@code s}.
     */
    public static DMatrixRMaj withSpectrum(int rows, int cols, double[] s, SplittableRandom rng) {
        DMatrixRMaj u = orthonormalColumns(rows, s.length, rng);
        DMatrixRMaj v = orthonormalColumns(cols, s.length, rng);
        return LowRankMatrices.fromFactors(u, s, v, s.length);
    }

    /**
     * A rank-r signal with singular values decaying geometrically from 1 to {@code smallest}, plus Gaussian
     * noise of entry standard deviation {@code noise} (spectral norm about noise (sqrt(rows) + sqrt(cols))):
     * the shape of a fine-tuning update with a low-rank core.
     */
    public static DMatrixRMaj lowRankPlusNoise(int rows, int cols, int r, double smallest, double noise,
                                               SplittableRandom rng) {
        double[] s = new double[r];
        for (int i = 0; i < r; i++) {
            s[i] = r == 1 ? 1 : Math.pow(smallest, (double) i / (r - 1));
        }
        DMatrixRMaj m = withSpectrum(rows, cols, s, rng);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] += noise * standardNormal(rng);
        }
        return m;
    }
}
