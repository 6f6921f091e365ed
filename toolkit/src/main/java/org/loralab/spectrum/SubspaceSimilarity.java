package org.loralab.spectrum;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.Svd;

/**
 * The normalised subspace similarity of the LoRA paper (Hu et al. 2021, Section 7):
 * phi(X, Y, i, j) = ||Ux[:, :i]^T Uy[:, :j]||_F^2 / min(i, j) for every 1 <= i <= I, 1 <= j <= J, where Ux
 * and Uy are the left (or right) singular vectors of X and Y. 1 means the smaller subspace lies inside the
 * larger, 0 that they are orthogonal. One product G = Ux^T Uy and 2-D prefix sums of G^2 give the whole
 * table in O(d I J).
 *
 * @param side which singular vectors were compared
 * @param phi  phi[i - 1][j - 1] = phi(X, Y, i, j)
 */
public record SubspaceSimilarity(Side side, double[][] phi) {

    /** Left singular vectors (column spaces, the output side of a weight) or right ones (row spaces, inputs). */
    public enum Side { LEFT, RIGHT }

    /**
     * @param x    SVD of the first update, with at least {@code maxI} components
     * @param y    SVD of the second, with at least {@code maxJ} components (same shape as x)
     */
    public static SubspaceSimilarity of(Svd x, Svd y, Side side, int maxI, int maxJ) {
        DMatrixRMaj ux = side == Side.LEFT ? x.u() : x.v();
        DMatrixRMaj uy = side == Side.LEFT ? y.u() : y.v();
        if (ux.numRows != uy.numRows) {
            throw new IllegalArgumentException("the updates have different shapes: " + side.name().toLowerCase(java.util.Locale.ROOT)
                    + " singular vectors of length " + ux.numRows + " and " + uy.numRows);
        }
        if (maxI < 1 || maxI > ux.numCols || maxJ < 1 || maxJ > uy.numCols) {
            throw new IllegalArgumentException("I and J must be in [1, " + ux.numCols + "] and [1, " + uy.numCols
                    + "], got " + maxI + " and " + maxJ);
        }
        DMatrixRMaj g = Lapack.multiply(CommonOps_DDRM.extract(ux, 0, ux.numRows, 0, maxI), true,
                CommonOps_DDRM.extract(uy, 0, uy.numRows, 0, maxJ), false);
        double[][] sum = new double[maxI + 1][maxJ + 1]; // sum[i][j] = ||G[:i, :j]||_F^2
        double[][] phi = new double[maxI][maxJ];
        for (int i = 1; i <= maxI; i++) {
            for (int j = 1; j <= maxJ; j++) {
                double gij = g.unsafe_get(i - 1, j - 1);
                sum[i][j] = gij * gij + sum[i - 1][j] + sum[i][j - 1] - sum[i - 1][j - 1];
                phi[i - 1][j - 1] = sum[i][j] / Math.min(i, j);
            }
        }
        return new SubspaceSimilarity(side, phi);
    }

    /** phi(X, Y, i, j), 1-based as in the paper. */
    public double get(int i, int j) {
        return phi[i - 1][j - 1];
    }

    /** I, the number of directions of X compared. */
    public int rows() {
        return phi.length;
    }

    /** J, the number of directions of Y compared. */
    public int cols() {
        return phi[0].length;
    }
}
