package org.loralab.spectrum;

import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * The singular spectrum and rank metrics of one weight update dW, named by the tensor it belongs to.
 *
 * @param tensor         name of the tensor (for example {@code seed=1/layers.0})
 * @param rows           rows of dW
 * @param cols           columns of dW
 * @param sigma          singular values, descending
 * @param metrics        rank metrics of dW
 * @param relativeUpdate ||dW||_F / ||W||_F where the base W is known
 */
public record UpdateSpectrum(String tensor, int rows, int cols, double[] sigma, SpectrumMetrics metrics,
                             OptionalDouble relativeUpdate) {

    /**
     * Analyses {@code delta} (not modified) with {@code solver}.
     *
     * @param base the weight the update applies to, or null when unknown
     */
    public static UpdateSpectrum of(String tensor, DMatrixRMaj delta, DMatrixRMaj base, SpectrumSolver solver) {
        return of(tensor, delta.numRows, delta.numCols, solver.singularValues(delta), solver.epsilon(), base);
    }

    /** Analyses {@code delta} (not modified) with the default solver, LAPACK in double. */
    public static UpdateSpectrum of(String tensor, DMatrixRMaj delta, DMatrixRMaj base) {
        return of(tensor, delta, base, SpectrumSolver.LAPACK);
    }

    /**
     * From singular values already computed.
     *
     * @param eps  machine epsilon of the precision dW was computed in (for the numerical rank)
     * @param base the weight the update applies to (not modified), or null when unknown
     */
    public static UpdateSpectrum of(String tensor, int rows, int cols, double[] sigma, double eps, DMatrixRMaj base) {
        SpectrumMetrics metrics = SpectrumMetrics.of(sigma, rows, cols, eps);
        OptionalDouble relative = base == null ? OptionalDouble.empty()
                : OptionalDouble.of(metrics.frobenius() / NormOps_DDRM.normF(base));
        return new UpdateSpectrum(tensor, rows, cols, sigma.clone(), metrics, relative);
    }

    /** e(r) for r = 0..min(rows, cols); see {@link SpectrumMetrics#truncationErrors}. */
    public double[] truncationErrors() {
        return SpectrumMetrics.truncationErrors(sigma);
    }
}
