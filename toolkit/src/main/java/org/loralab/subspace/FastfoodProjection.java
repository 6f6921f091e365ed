package org.loralab.subspace;

import java.util.SplittableRandom;
import org.loralab.linalg.RandomMatrices;
import org.loralab.nn.RandomArrays;

/**
 * P by the Fastfood transform (Le, Sarlos and Smola 2013), as Li et al. (2018) use it for intrinsic dimension: x is
 * padded to L = the next power of two >= d, and each block of L outputs is H G Pi H B x, with H the Walsh-Hadamard
 * matrix (applied in O(L log L), never stored), B random signs, Pi a random permutation and G Gaussian; the blocks,
 * each with its own B, Pi and G, are stacked until D outputs (the last one cut). Scaled by 1 / sqrt(L D), every
 * entry has variance 1/D as in {@link DenseProjection}. Memory O(D), time O(D log d). Fastfood's further scaling S,
 * which spreads the rows' norms like a Gaussian matrix's, is left out, as in Li et al.'s implementation.
 */
public final class FastfoodProjection extends FixedSizeProjection {
    private final int blockSize;
    private final double[][] signs;
    private final int[][] permutations;
    private final double[][] gaussians;
    private final double scale;

    public FastfoodProjection(int dimension, int outputs, long seed) {
        super(dimension, outputs);
        this.blockSize = dimension == 1 ? 1 : Integer.highestOneBit(dimension - 1) << 1;
        int blocks = (outputs + blockSize - 1) / blockSize;
        SplittableRandom rng = new SplittableRandom(seed);
        signs = new double[blocks][blockSize];
        permutations = new int[blocks][];
        gaussians = new double[blocks][blockSize];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < blockSize; i++) {
                signs[b][i] = rng.nextBoolean() ? 1 : -1;
            }
            permutations[b] = RandomArrays.permutation(rng, blockSize);
            for (int i = 0; i < blockSize; i++) {
                gaussians[b][i] = RandomMatrices.standardNormal(rng);
            }
        }
        scale = 1 / Math.sqrt((double) blockSize * outputs);
    }

    /** L, the padded dimension: the size of each block. */
    int blockSize() {
        return blockSize;
    }

    @Override
    public void apply(double[] x, double[] out) {
        double[] z = new double[blockSize];
        double[] w = new double[blockSize];
        for (int b = 0; b < signs.length; b++) {
            java.util.Arrays.fill(z, 0);
            for (int i = 0; i < dimension; i++) {
                z[i] = signs[b][i] * x[i];
            }
            walshHadamard(z);
            int[] perm = permutations[b];
            for (int k = 0; k < blockSize; k++) {
                w[k] = gaussians[b][k] * z[perm[k]];
            }
            walshHadamard(w);
            int from = b * blockSize;
            int count = Math.min(blockSize, outputs - from);
            for (int k = 0; k < count; k++) {
                out[from + k] = scale * w[k];
            }
        }
    }

    @Override
    public void applyTransposed(double[] g, double[] out) {
        double[] u = new double[blockSize];
        double[] v = new double[blockSize];
        java.util.Arrays.fill(out, 0, dimension, 0);
        for (int b = 0; b < signs.length; b++) {
            int from = b * blockSize;
            int count = Math.min(blockSize, outputs - from);
            java.util.Arrays.fill(u, 0);
            System.arraycopy(g, from, u, 0, count);
            walshHadamard(u);
            int[] perm = permutations[b];
            for (int k = 0; k < blockSize; k++) {
                v[perm[k]] = gaussians[b][k] * u[k];
            }
            walshHadamard(v);
            for (int i = 0; i < dimension; i++) {
                out[i] += scale * signs[b][i] * v[i];
            }
        }
    }

    /** In place, unnormalised (H H = L I): the butterflies of the fast Walsh-Hadamard transform. */
    static void walshHadamard(double[] a) {
        for (int h = 1; h < a.length; h <<= 1) {
            for (int i = 0; i < a.length; i += h << 1) {
                for (int j = i; j < i + h; j++) {
                    double x = a[j];
                    double y = a[j + h];
                    a[j] = x + y;
                    a[j + h] = x - y;
                }
            }
        }
    }
}
