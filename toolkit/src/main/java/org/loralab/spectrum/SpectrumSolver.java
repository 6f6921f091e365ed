package org.loralab.spectrum;

import org.ejml.data.DMatrixRMaj;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.Svd;

/**
 * Ways to compute all singular values of a dense matrix, with their speed and accuracy. Measured by
 * {@code loralab bench spectrum} (reports/bench/spectrum.md); on 2 cores at n = 2048, LAPACK takes about
 * numpy's time, GRAM about half of it, EJML several times it.
 *
 * <p>Accuracy, for s_1 the largest singular value and n = max(rows, cols): LAPACK and EJML are
 * backward stable, every s_i is within a small multiple of n eps s_1 of the exact value, so every metric
 * and the numerical rank are exact to that level. GRAM forms M^T M, which squares the condition number:
 * s_i^2 is within about n eps s_1^2, so s_i has relative error about n eps (s_1 / s_i)^2 and values below
 * sqrt(n eps) s_1 (about 1e-6 s_1 at n = 4096) are not resolved; GRAM reports those as 0. Energy metrics
 * (Frobenius norm, stable rank, participation ratio, energy ranks, truncation errors) sum s_i^2 and stay
 * accurate to about n eps; the numerical rank then counts values above sqrt(n eps) s_1 instead of
 * n eps s_1, and the nuclear norm and entropy rank lose the unresolved tail.
 */
public enum SpectrumSolver {
    /** LAPACK {@code dgesdd} (divide and conquer) in double: the default. */
    LAPACK(SpectrumMetrics.DOUBLE_EPSILON) {
        @Override
        double[] compute(DMatrixRMaj m) {
            return Lapack.singularValues(m.data, m.numRows, m.numCols);
        }
    },
    /** LAPACK {@code sgesdd} on the matrix rounded to float: float accuracy (eps 2^-23), faster. */
    LAPACK_FLOAT(SpectrumMetrics.FLOAT_EPSILON) {
        @Override
        double[] compute(DMatrixRMaj m) {
            float[] data = new float[m.getNumElements()];
            for (int i = 0; i < data.length; i++) {
                data[i] = (float) m.data[i];
            }
            float[] s = Lapack.singularValues(data, m.numRows, m.numCols);
            double[] wide = new double[s.length];
            for (int i = 0; i < s.length; i++) {
                wide[i] = s[i];
            }
            return wide;
        }
    },
    /** Eigenvalues of the smaller Gram matrix ({@code dsyrk} then {@code dsyevd}): energies only, see above. */
    GRAM(SpectrumMetrics.DOUBLE_EPSILON) {
        @Override
        double[] compute(DMatrixRMaj m) {
            int n = Math.min(m.numRows, m.numCols);
            double[] lambda = Lapack.symmetricEigenvalues(Lapack.gramUpper(m.data, m.numRows, m.numCols), n);
            double floor = n == 0 ? 0 : Math.max(m.numRows, m.numCols) * SpectrumMetrics.DOUBLE_EPSILON * lambda[n - 1];
            double[] s = new double[n];
            for (int i = 0; i < n; i++) {
                double l = lambda[n - 1 - i];
                s[i] = l > floor ? Math.sqrt(l) : 0; // below the floor an eigenvalue is rounding noise
            }
            return s;
        }
    },
    /** EJML's SVD in Java: the reference, independent of LAPACK; slow above n = 1000. */
    EJML(SpectrumMetrics.DOUBLE_EPSILON) {
        @Override
        double[] compute(DMatrixRMaj m) {
            return Svd.values(m);
        }
    };

    private final double epsilon;

    SpectrumSolver(double epsilon) {
        this.epsilon = epsilon;
    }

    /** Machine epsilon of the precision this solver computes in (for the numerical rank). */
    public double epsilon() {
        return epsilon;
    }

    /**
     * All min(rows, cols) singular values of {@code m} (not modified), descending.
     *
     * @throws IllegalArgumentException when {@code m} holds NaN or an infinity (no SVD is defined)
     */
    public double[] singularValues(DMatrixRMaj m) {
        for (int i = 0; i < m.getNumElements(); i++) {
            if (!Double.isFinite(m.data[i])) {
                throw new IllegalArgumentException("matrix has " + m.data[i] + " at (" + i / m.numCols + ", "
                        + i % m.numCols + "); singular values need finite entries");
            }
        }
        return compute(m);
    }

    /** Descending singular values of a finite matrix. */
    abstract double[] compute(DMatrixRMaj m);
}
