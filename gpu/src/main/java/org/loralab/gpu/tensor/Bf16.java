package org.loralab.gpu.tensor;

import org.loralab.format.HalfFloats;

/**
 * bfloat16 and TF32 rounding on the host, bit for bit as the GPU's kernels do it: round to nearest, ties to even.
 * bfloat16 is the upper half of a float32, so its bits travel as a {@code short}. The bfloat16 rounding is the
 * toolkit's own ({@link HalfFloats}, which safetensors files use), so the two cannot drift apart; the kernels in
 * {@code cuda.ElementwiseKernels} write NaN the same way (sign and top payload bits kept, quiet bit set).
 */
public final class Bf16 {
    private Bf16() {
    }

    /** The bfloat16 bits nearest to {@code value}. */
    public static short bits(float value) {
        return HalfFloats.floatToBf16(value);
    }

    /** The float32 value of bfloat16 bits (exact). */
    public static float value(short bits) {
        return HalfFloats.bf16ToFloat(bits);
    }

    /** {@code value} rounded to bfloat16 and widened back. */
    public static float round(float value) {
        return value(bits(value));
    }

    /** {@code value} rounded to {@code mantissaBits} explicit mantissa bits (10 for TF32, 7 for bfloat16). */
    public static float roundMantissa(float value, int mantissaBits) {
        int u = Float.floatToRawIntBits(value);
        if ((u & 0x7fffffff) >= 0x7f800000) {
            return value;
        }
        int drop = 23 - mantissaBits;
        int half = (1 << (drop - 1)) - 1;
        u += half + ((u >>> drop) & 1);
        return Float.intBitsToFloat(u & (-1 << drop));
    }
}
