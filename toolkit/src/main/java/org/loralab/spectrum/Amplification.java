package org.loralab.spectrum;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.Svd;

/**
 * How much an update amplifies directions the base weight already had (Hu et al. 2021, Section 7.3):
 * factor = ||dW||_F / ||U^T W V||_F with U, V the top-r left and right singular vectors of dW. A large
 * factor means dW emphasises directions that W itself barely uses.
 *
 * @param rank          r, the number of singular directions of dW used
 * @param updateNorm    ||dW||_F
 * @param projectedBase ||U^T W V||_F, the base weight seen through dW's top-r subspaces
 * @param factor        updateNorm / projectedBase (infinite when W has nothing in those subspaces)
 */
public record Amplification(int rank, double updateNorm, double projectedBase, double factor) {

    /**
     * @param update the SVD of dW with all its nonzero singular values (a full SVD, or the exact SVD of a LoRA
     *               update from {@link LoraSpectrum}); ||dW||_F is computed from them
     * @param base   W, the weight dW is added to (same shape as dW; not modified)
     * @param rank   r, 1 <= r <= the components of {@code update}
     */
    public static Amplification of(Svd update, DMatrixRMaj base, int rank) {
        if (base.numRows != update.rows() || base.numCols != update.cols()) {
            throw new IllegalArgumentException("W is " + base.numRows + "x" + base.numCols + " but dW is "
                    + update.rows() + "x" + update.cols());
        }
        if (rank < 1 || rank > update.s().length) {
            throw new IllegalArgumentException("rank must be in [1, " + update.s().length + "], got " + rank);
        }
        double sumSquares = 0;
        for (double s : update.s()) {
            sumSquares += s * s;
        }
        DMatrixRMaj u = CommonOps_DDRM.extract(update.u(), 0, update.rows(), 0, rank);
        DMatrixRMaj v = CommonOps_DDRM.extract(update.v(), 0, update.cols(), 0, rank);
        DMatrixRMaj projected = Lapack.multiply(u, true, Lapack.multiply(base, false, v, false), false); // (r, r)
        double projectedNorm = NormOps_DDRM.normF(projected);
        double updateNorm = Math.sqrt(sumSquares);
        return new Amplification(rank, updateNorm, projectedNorm, updateNorm / projectedNorm);
    }
}
