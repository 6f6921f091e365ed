package org.loralab.nn;

/**
 * exp in float arithmetic over an array, in loops the JIT compiles to vector instructions, for the float32 kernels:
 * Math.exp is a scalar call of about 17 ns here. exp(x) = 2^k p(r) with k = x log2(e) rounded (by adding 1.5 * 2^23,
 * which leaves k in the low bits of the float), r = x - k ln 2 (ln 2 in two parts, so r keeps its low bits) and p the
 * degree-6 Taylor polynomial of exp on |r| <= ln(2) / 2. Relative error at most 2.6e-7 (about 2 float ulps) over
 * [-87, 80], where the input is clamped (results stay finite).
 *
 * <p>Three short loops, not one: C2 (Java 17) unrolls, and so vectorizes, only loops of a small body; the fused loop
 * ran at 7 ns an element, these at 0.7 (4,096 elements, measured), with the same operations in the same order.
 */
final class FloatExp {
    static final float LOWEST = -87f;
    static final float HIGHEST = 80f;
    private static final float ROUNDER = 12582912f; // 1.5 * 2^23

    private FloatExp() {
    }

    /** x[i] = exp(x[i]) for i < n; {@code scratch} holds at least n elements and is overwritten. */
    static void inPlace(float[] x, float[] scratch, int n) {
        for (int i = 0; i < n; i++) {
            float c = Math.min(Math.max(x[i], LOWEST), HIGHEST);
            x[i] = c;
            scratch[i] = c * 1.44269504f + ROUNDER;                   // k in the low mantissa bits
        }
        for (int i = 0; i < n; i++) {
            float kf = scratch[i] - ROUNDER;
            float r = x[i] - kf * 0.693145751953125f - kf * 1.428606765330187e-6f;
            x[i] = 1f + r * (1f + r * (0.5f + r * (0.16666667f + r * (0.041666668f + r * (0.008333334f
                    + r * 0.0013888889f)))));
        }
        for (int i = 0; i < n; i++) { // times 2^k: k added to the exponent
            x[i] = Float.intBitsToFloat(Float.floatToRawIntBits(x[i]) + (Float.floatToRawIntBits(scratch[i]) << 23));
        }
    }
}
