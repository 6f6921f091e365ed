package org.loralab.nn;

import java.util.SplittableRandom;
import org.loralab.linalg.RandomMatrices;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Random arrays drawn from a caller's {@link SplittableRandom} in row-major order. ND4J's global
 * generator is shared state and differs between backends; drawing here makes the same seed give
 * the same numbers everywhere and lets independent trials run in parallel.
 */
public final class RandomArrays {
    private RandomArrays() {
    }

    /** Uniform in [low, high). */
    public static INDArray uniform(SplittableRandom rng, double low, double high, DataType dtype, long... shape) {
        double[] data = new double[Math.toIntExact(product(shape))];
        for (int i = 0; i < data.length; i++) {
            data[i] = low + (high - low) * rng.nextDouble();
        }
        return Nd4j.create(data, shape, dtype);
    }

    /** Normal with the given mean and standard deviation. */
    public static INDArray normal(SplittableRandom rng, double mean, double std, DataType dtype, long... shape) {
        double[] data = new double[Math.toIntExact(product(shape))];
        for (int i = 0; i < data.length; i++) {
            data[i] = mean + std * RandomMatrices.standardNormal(rng);
        }
        return Nd4j.create(data, shape, dtype);
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(SplittableRandom rng, int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
