package org.loralab.subspace;

import java.util.SplittableRandom;
import org.loralab.linalg.RandomMatrices;

/** P as a stored D x d matrix of independent N(0, 1/D) entries: exact, and O(d D) in memory and time. */
public final class DenseProjection extends FixedSizeProjection {
    /**
     * The largest d x D that {@code auto} stores. Beyond it Fastfood is faster: one step (P x and P^T g) took 1.7 ms
     * dense against 0.9 ms Fastfood at d = 100, D = 3,696, and 100 against 2 ms at d = 1,000, D = 50,000 (2 cores).
     */
    static final long AUTO_ENTRIES = 100_000;
    /** The largest d x D stored at all (2 GB of doubles). */
    private static final long MAX_ENTRIES = 256_000_000;

    private final double[][] columns; // columns[j] = P e_j, D entries

    public DenseProjection(int dimension, int outputs, long seed) {
        super(dimension, outputs);
        if ((long) dimension * outputs > MAX_ENTRIES) {
            throw new IllegalArgumentException("a dense " + outputs + " x " + dimension + " projection is too large; use fastfood");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double scale = 1 / Math.sqrt(outputs);
        columns = new double[dimension][outputs];
        for (double[] column : columns) {
            for (int i = 0; i < outputs; i++) {
                column[i] = scale * RandomMatrices.standardNormal(rng);
            }
        }
    }

    @Override
    public void apply(double[] x, double[] out) {
        java.util.Arrays.fill(out, 0, outputs, 0);
        for (int j = 0; j < dimension; j++) {
            double xj = x[j];
            double[] column = columns[j];
            for (int i = 0; i < outputs; i++) {
                out[i] += xj * column[i];
            }
        }
    }

    @Override
    public void applyTransposed(double[] g, double[] out) {
        for (int j = 0; j < dimension; j++) {
            double[] column = columns[j];
            double sum = 0;
            for (int i = 0; i < outputs; i++) {
                sum += column[i] * g[i];
            }
            out[j] = sum;
        }
    }

    /** The entry P[i][j]. */
    double entry(int i, int j) {
        return columns[j][i];
    }
}
