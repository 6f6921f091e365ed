package org.loralab.spectrum;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.loralab.linalg.Lapack;
import org.loralab.linalg.Svd;

/**
 * Intruder dimensions (Shuttleworth et al. 2024): a top-k left singular vector y of the fine-tuned weight
 * W' = W + dW is an intruder when it is far from every left singular vector x_i of the base W,
 * max_i |cos(y, x_i)| < eps. Defaults as PEFT's: k = 10, eps = 0.5.
 *
 * @param maxCosine  for each of the top-k singular vectors of W', max_i |cos(y, x_i)|
 * @param threshold  eps
 * @param intruders  0-based indices (into the top-k of W') of the intruders
 */
public record IntruderDimensions(double[] maxCosine, double threshold, int[] intruders) {
    /** PEFT's default number of top singular vectors examined. */
    public static final int DEFAULT_TOP = 10;
    /** PEFT's default cosine threshold. */
    public static final double DEFAULT_THRESHOLD = 0.5;

    /**
     * @param base  SVD of W (all its left singular vectors are compared)
     * @param tuned SVD of W' = W + dW, same shape, at least {@code top} components
     */
    public static IntruderDimensions of(Svd base, Svd tuned, int top, double threshold) {
        if (base.rows() != tuned.rows() || base.cols() != tuned.cols()) {
            throw new IllegalArgumentException("W is " + base.rows() + "x" + base.cols() + " but W' is "
                    + tuned.rows() + "x" + tuned.cols());
        }
        if (top < 1 || top > tuned.s().length) {
            throw new IllegalArgumentException("k must be in [1, " + tuned.s().length + "], got " + top);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the cosine threshold must be in (0, 1], got " + threshold);
        }
        // the columns are unit vectors, so the entries of X^T Y are the cosines
        DMatrixRMaj cosines = Lapack.multiply(base.u(), true, CommonOps_DDRM.extract(tuned.u(), 0, tuned.rows(), 0, top), false);
        double[] max = new double[top];
        int count = 0;
        for (int j = 0; j < top; j++) {
            for (int i = 0; i < cosines.numRows; i++) {
                max[j] = Math.max(max[j], Math.abs(cosines.unsafe_get(i, j)));
            }
            if (max[j] < threshold) {
                count++;
            }
        }
        int[] intruders = new int[count];
        for (int j = 0, n = 0; j < top; j++) {
            if (max[j] < threshold) {
                intruders[n++] = j;
            }
        }
        return new IntruderDimensions(max, threshold, intruders);
    }

    /** Full SVDs of W and W' = W + dW (LAPACK), then {@link #of(Svd, Svd, int, double)}; arguments not modified. */
    public static IntruderDimensions of(DMatrixRMaj base, DMatrixRMaj tuned, int top, double threshold) {
        return of(Lapack.svd(base), Lapack.svd(tuned), top, threshold);
    }

    /** The number of intruder dimensions among the top k. */
    public int count() {
        return intruders.length;
    }
}
