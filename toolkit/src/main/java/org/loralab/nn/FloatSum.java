package org.loralab.nn;

/**
 * Sums of float arrays for the float32 kernels, in four interleaved chains: the JIT keeps a float sum in order, one
 * dependent addition after another, which four chains make four times shorter (and the rounding, like torch's
 * vectorized sums, is not the left-to-right one).
 */
final class FloatSum {
    private FloatSum() {
    }

    /** a[at, at + n) summed. */
    static float of(float[] a, int at, int n) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int j = at;
        int end = at + n;
        for (; j + 3 < end; j += 4) {
            s0 += a[j];
            s1 += a[j + 1];
            s2 += a[j + 2];
            s3 += a[j + 3];
        }
        for (; j < end; j++) {
            s0 += a[j];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
