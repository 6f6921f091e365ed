package org.loralab.format;

/**
 * IEEE 754 binary16 (F16) and bfloat16 (BF16) conversions, exact in the float direction and rounding to
 * nearest even in the other. NaN stays NaN (payload bits kept where they fit); infinities and signed zeros
 * are kept; F16 subnormals are handled.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** The float whose value a binary16 bit pattern encodes (every half is exactly a float). */
    public static float f16ToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) { // infinity or NaN: keep the payload in the top mantissa bits
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24, exact in float
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }

    /** The binary16 nearest to {@code f} (ties to even); overflow gives infinity. */
    public static short floatToF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = (bits >>> 23) & 0xff;
        int mantissa = bits & 0x7fffff;
        if (exponent == 0xff) { // infinity, or NaN kept quiet and non-zero
            return (short) (sign | 0x7c00 | (mantissa == 0 ? 0 : 0x200 | (mantissa >>> 13)));
        }
        int e = exponent - 127 + 15; // the half's biased exponent
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) { // subnormal half (or zero): shift the full significand right, rounding to nearest even
            if (e < -10) {
                return (short) sign; // below half the smallest subnormal: rounds to zero
            }
            int significand = mantissa | 0x800000;
            int shift = 14 - e; // 13 for the mantissa width difference, 1 - e for the subnormal scale
            return (short) (sign | roundShift(significand, shift));
        }
        int rounded = (e << 10 | mantissa >>> 13) + roundingIncrement(mantissa, 13);
        return (short) (sign | rounded); // a carry into the exponent (even to infinity) is the right result
    }

    /** The float a bfloat16 bit pattern encodes: its top 16 bits. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }

    /** The bfloat16 nearest to {@code f} (ties to even); NaN stays a quiet NaN. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + roundingIncrementBits(bits, 16)) >>> 16);
    }

    /**
     * The binary16 nearest to {@code value} (ties to even), rounded once from the double: going through float first
     * would round twice, and a value just above a binary16 tie would first land on the tie, then on the even side.
     */
    public static short doubleToF16(double value) {
        return floatToF16((float) roundToFormat(value, 11, -14, 65504.0)); // exact: every half is a float
    }

    /** The bfloat16 nearest to {@code value} (ties to even), rounded once from the double (see {@link #doubleToF16}). */
    public static short doubleToBf16(double value) {
        return floatToBf16((float) roundToFormat(value, 8, -126, 0x1.fep127)); // exact: every bfloat16 is a float
    }

    /**
     * {@code value} rounded to nearest, ties to even, in a binary format of {@code precision} significant bits (the
     * implicit one included), smallest normal exponent {@code minExponent} (below it, the subnormals' fixed spacing)
     * and largest finite {@code maxFinite}; beyond that, infinity. Scaling by powers of two and {@link Math#rint}
     * are exact in double here, so this rounds exactly once.
     */
    static double roundToFormat(double value, int precision, int minExponent, double maxFinite) {
        if (Double.isNaN(value) || Double.isInfinite(value) || value == 0) {
            return value;
        }
        int exponent = Math.max(Math.getExponent(value), minExponent);
        double spacing = Math.scalb(1.0, exponent - (precision - 1));
        double rounded = Math.rint(value / spacing) * spacing;
        if (Math.abs(rounded) > maxFinite) {
            return Math.copySign(Double.POSITIVE_INFINITY, value);
        }
        return rounded == 0 ? Math.copySign(0.0, value) : rounded;
    }

    private static int roundShift(int value, int shift) {
        return (value >>> shift) + roundingIncrement(value, shift);
    }

    /** 1 when dropping the low {@code shift} bits of {@code value} must round up (nearest, ties to even). */
    private static int roundingIncrement(int value, int shift) {
        int half = 1 << (shift - 1);
        int dropped = value & ((1 << shift) - 1);
        int keptLowBit = (value >>> shift) & 1;
        return dropped > half || (dropped == half && keptLowBit == 1) ? 1 : 0;
    }

    /** The amount to add before truncating the low {@code shift} bits so that truncation rounds to nearest even. */
    private static int roundingIncrementBits(int value, int shift) {
        return (1 << (shift - 1)) - 1 + ((value >>> shift) & 1);
    }
}
