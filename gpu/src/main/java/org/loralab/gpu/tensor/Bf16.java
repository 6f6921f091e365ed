package org.loralab.gpu.tensor;

/**
 * bfloat16 and TF32 rounding on the host, bit for bit as the GPU does it: round to nearest, ties to even.
 * bfloat16 is the upper half of a float32, so its bits travel as a {@code short}.
 */
public final class Bf16 {
    private static final int CANONICAL_NAN = 0x7fc0;

    private Bf16() {
    }

    /** The bfloat16 bits nearest to {@code value}. */
    public static short bits(float value) {
        int u = Float.floatToRawIntBits(value);
        if ((u & 0x7fffffff) > 0x7f800000) {
            return (short) CANONICAL_NAN;
        }
        u += 0x7fff + ((u >>> 16) & 1);
        return (short) (u >>> 16);
    }

    /** The float32 value of bfloat16 bits (exact). */
    public static float value(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
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
