package org.loralab.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class HalfFloatsTest {

    /** Every binary16 pattern decodes to the value of its fields (computed independently with Math.scalb). */
    @Test
    void f16DecodesEveryPatternAndRoundTrips() {
        for (int h = 0; h < 65536; h++) {
            short bits = (short) h;
            float f = HalfFloats.f16ToFloat(bits);
            int exponent = (h >>> 10) & 0x1f;
            int mantissa = h & 0x3ff;
            double sign = (h & 0x8000) != 0 ? -1 : 1;
            if (exponent == 0x1f) {
                assertThat(mantissa == 0 ? Float.isInfinite(f) : Float.isNaN(f)).as("pattern %04x", h).isTrue();
                continue;
            }
            double expected = exponent == 0 ? sign * Math.scalb((double) mantissa, -24)
                    : sign * Math.scalb(1024.0 + mantissa, exponent - 25);
            assertThat((double) f).as("pattern %04x", h).isEqualTo(expected);
            assertThat(Float.floatToRawIntBits(f) >>> 31).isEqualTo(h >>> 15); // signed zeros too
            assertThat(HalfFloats.floatToF16(f)).as("round trip %04x", h).isEqualTo(bits);
        }
    }

    @Test
    void bf16DecodesEveryPatternAndRoundTrips() {
        for (int h = 0; h < 65536; h++) {
            short bits = (short) h;
            float f = HalfFloats.bf16ToFloat(bits);
            assertThat(Float.floatToRawIntBits(f)).isEqualTo(h << 16);
            if (Float.isNaN(f)) {
                assertThat(Float.isNaN(HalfFloats.bf16ToFloat(HalfFloats.floatToBf16(f)))).isTrue();
            } else {
                assertThat(HalfFloats.floatToBf16(f)).as("round trip %04x", h).isEqualTo(bits);
            }
        }
    }

    /**
     * Every pair of neighbouring finite bfloat16 values of either sign: their midpoint (exact in float, which has 16
     * more mantissa bits) rounds to the one with the even pattern, and one float or double step either side of it to
     * the nearer; from float and from double. Past the largest finite value (0x7f7f) lies infinity: Float.MAX_VALUE,
     * beyond the midpoint to the next power of two, rounds to it.
     * NaN of any payload comes back NaN, quiet, with its sign and top payload bits.
     */
    @Test
    void bf16RoundsEveryMidpointToEvenAndNeighboursToTheNearer() {
        roundsEveryMidpoint(0x7f7f, HalfFloats::bf16ToFloat, HalfFloats::floatToBf16, HalfFloats::doubleToBf16);
        for (int payload : new int[] {1, 0x10000, 0x3fffff, 0x400000, 0x7fffff}) {
            for (int sign : new int[] {0, 0x80000000}) {
                short bits = HalfFloats.floatToBf16(Float.intBitsToFloat(sign | 0x7f800000 | payload));
                assertThat(Float.isNaN(HalfFloats.bf16ToFloat(bits))).isTrue();
                assertThat(bits & 0xffff).isEqualTo(((sign | 0x7f800000 | payload) >>> 16) | 0x40);
            }
        }
        assertThat(HalfFloats.floatToBf16(Float.POSITIVE_INFINITY) & 0xffff).isEqualTo(0x7f80);
        assertThat(HalfFloats.floatToBf16(Float.NEGATIVE_INFINITY) & 0xffff).isEqualTo(0xff80);
        assertThat(HalfFloats.floatToBf16(Float.MAX_VALUE) & 0xffff).isEqualTo(0x7f80); // past the last midpoint
    }

    /** The same for binary16, subnormals included (the largest finite pattern is 0x7bff), signed zeros compared. */
    @Test
    void f16RoundsEveryMidpointToEvenAndNeighboursToTheNearer() {
        roundsEveryMidpoint(0x7bff, HalfFloats::f16ToFloat, HalfFloats::floatToF16, HalfFloats::doubleToF16);
        assertThat(HalfFloats.floatToF16(65520f) & 0xffff).isEqualTo(0x7c00); // the midpoint past 65504: to infinity
        assertThat(HalfFloats.floatToF16(Math.nextDown(65520f)) & 0xffff).isEqualTo(0x7bff);
    }

    /**
     * For patterns h and h + 1 below {@code last} of each sign: the midpoint of their values goes to the even pattern,
     * one step of float (or of double) toward either value goes to that value, through both entry points; patterns are
     * compared, so signs and signed zeros count.
     */
    private static void roundsEveryMidpoint(int last, java.util.function.Function<Short, Float> decode,
                                            java.util.function.Function<Float, Short> fromFloat,
                                            java.util.function.Function<Double, Short> fromDouble) {
        for (int sign = 0; sign <= 0x8000; sign += 0x8000) {
            for (int h = 0; h < last; h++) {
                float low = decode.apply((short) (sign | h));
                float high = decode.apply((short) (sign | (h + 1)));
                double mid = ((double) low + high) / 2;
                int even = sign | ((h & 1) == 0 ? h : h + 1);
                String what = String.format("midpoint above %04x", sign | h);
                assertThat(fromFloat.apply((float) mid) & 0xffff).as(what).isEqualTo(even);
                assertThat(fromDouble.apply(mid) & 0xffff).as(what + " (double)").isEqualTo(even);
                assertThat(fromFloat.apply(Math.nextAfter((float) mid, high)) & 0xffff).as(what).isEqualTo(sign | (h + 1));
                assertThat(fromFloat.apply(Math.nextAfter((float) mid, low)) & 0xffff).as(what).isEqualTo(sign | h);
                assertThat(fromDouble.apply(Math.nextAfter(mid, high)) & 0xffff).as(what + " (double)").isEqualTo(sign | (h + 1));
                assertThat(fromDouble.apply(Math.nextAfter(mid, low)) & 0xffff).as(what + " (double)").isEqualTo(sign | h);
            }
        }
    }

    private static final float[] FINITE_HALVES = finite(HalfFloats::f16ToFloat);

    /** Every finite value of a 16-bit format, sorted, -0 left out (it equals +0). */
    private static float[] finite(java.util.function.Function<Short, Float> decode) {
        float[] all = new float[65536];
        int n = 0;
        for (int h = 0; h < 65536; h++) {
            float f = decode.apply((short) h);
            if (Float.isFinite(f) && !(f == 0 && (h & 0x8000) != 0)) {
                all[n++] = f;
            }
        }
        float[] sorted = Arrays.copyOf(all, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** Rounding against a brute-force search of the nearest half (ties to the even pattern). */
    @Property(tries = 3000)
    void f16RoundsToTheNearestHalfTiesToEven(@ForAll float x) {
        if (!Float.isFinite(x) || Math.abs(x) >= 65520f) { // 65520 and above round to infinity
            return;
        }
        int i = Arrays.binarySearch(FINITE_HALVES, x);
        float got = HalfFloats.f16ToFloat(HalfFloats.floatToF16(x));
        if (i >= 0) {
            assertThat(got).isEqualTo(x);
            return;
        }
        int above = -i - 1;
        if (above == 0 || above == FINITE_HALVES.length) { // beyond +-65504, the largest half, yet below 65520
            assertThat(got).as("x = %s", x).isEqualTo(FINITE_HALVES[above == 0 ? 0 : above - 1]);
            return;
        }
        float lo = FINITE_HALVES[above - 1];
        float hi = FINITE_HALVES[above];
        double dLo = (double) x - lo;
        double dHi = (double) hi - x;
        float expected = dLo < dHi ? lo : dHi < dLo ? hi
                : (HalfFloats.floatToF16(lo) & 1) == 0 ? lo : hi;
        assertThat(got).as("x = %s", x).isEqualTo(expected);
    }

    private static final float[] FINITE_BF16 = finite(HalfFloats::bf16ToFloat);

    /** The nearest of {@code sorted} to {@code x} by brute force, ties to the value whose pattern is even. */
    private static double nearest(double x, float[] sorted, java.util.function.DoubleToIntFunction bits) {
        int i = Arrays.binarySearch(sorted, (float) x);
        int above = i >= 0 ? i : -i - 1;
        double best = Double.NaN;
        for (int j = Math.max(0, above - 2); j <= Math.min(sorted.length - 1, above + 2); j++) {
            double d = Math.abs(sorted[j] - x);
            double dBest = Math.abs(best - x);
            if (Double.isNaN(best) || d < dBest || (d == dBest && (bits.applyAsInt(sorted[j]) & 1) == 0)) {
                best = sorted[j];
            }
        }
        return best;
    }

    /** Rounding from double, once, against the brute-force nearest value of each format. */
    @Property(tries = 3000)
    void doublesRoundOnceToTheNearestHalfAndBfloat16(@ForAll double x) {
        double inF16Range = x % 60000;
        double f16 = HalfFloats.f16ToFloat(HalfFloats.doubleToF16(inF16Range));
        assertThat(f16).as("f16 of %s", inF16Range)
                .isEqualTo(nearest(inF16Range, FINITE_HALVES, v -> HalfFloats.floatToF16((float) v)));
        double inBf16Range = x % 1e38;
        double bf16 = HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(inBf16Range));
        assertThat(bf16).as("bf16 of %s", inBf16Range)
                .isEqualTo(nearest(inBf16Range, FINITE_BF16, v -> HalfFloats.floatToBf16((float) v)));
    }

    /**
     * A merged weight just above a tie of the stored type: 1 + 2^-8 + 2^-30 lies between the bfloat16 values 1 and
     * 1 + 2^-7, nearer the second. Through float it would first become the tie 1 + 2^-8 (float keeps 23 bits), then
     * the even neighbour 1: rounding twice. Generated over many exponents and both signs; the float path gets half
     * of them wrong (those whose lower neighbour is even), rounding once gets all right.
     */
    @Test
    void valuesJustAboveATieRoundUpNotToTheTie() {
        int n = 0;
        int wrongThroughFloat = 0;
        for (int e = -100; e < 100; e++) {
            for (int m = 0; m < 128; m += 3) {
                for (double sign : new double[] {1, -1}) {
                    double lower = sign * Math.scalb(1 + m / 128.0, e);         // a bfloat16 value
                    double x = lower + sign * (Math.scalb(1.0, e - 8) + Math.scalb(1.0, e - 30)); // just past the tie
                    double upper = sign * Math.scalb(1 + (m + 1) / 128.0, e);
                    assertThat((double) HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(x))).as("bf16 of %s", x).isEqualTo(upper);
                    if (HalfFloats.bf16ToFloat(HalfFloats.floatToBf16((float) x)) != upper) {
                        wrongThroughFloat++;
                    }
                    n++;
                }
            }
        }
        assertThat(wrongThroughFloat).as("the case tells one rounding from two").isBetween(n / 3, 2 * n / 3);
        // the same for binary16: 1 + 2^-11 + 2^-30 lies between 1 and 1 + 2^-10
        double x = 1 + 0x1p-11 + 0x1p-30;
        assertThat((double) HalfFloats.f16ToFloat(HalfFloats.doubleToF16(x))).isEqualTo(1 + 0x1p-10);
        assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16((float) x))).isEqualTo(1f);
        assertThat(DType.BF16.round(1 + 0x1p-8 + 0x1p-30)).isEqualTo(1 + 0x1p-7);
        assertThat(HalfFloats.doubleToF16(65520.0)).as("overflow").isEqualTo((short) 0x7c00);
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(Double.NaN))).as("NaN stays NaN").isNaN();
        assertThat(HalfFloats.f16ToFloat(HalfFloats.doubleToF16(Double.NaN))).as("NaN stays NaN").isNaN();
        assertThat(HalfFloats.bf16ToFloat(HalfFloats.doubleToBf16(Double.NEGATIVE_INFINITY))).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HalfFloats.f16ToFloat(HalfFloats.doubleToF16(0x1p-25 + 0x1p-40))).as("subnormal").isEqualTo(0x1p-24f);
    }

    @Test
    void edgeCases() {
        assertThat(HalfFloats.floatToF16(65504f)).isEqualTo((short) 0x7bff);           // largest half
        assertThat(HalfFloats.floatToF16(65520f)).isEqualTo((short) 0x7c00);           // tie above it: infinity
        assertThat(HalfFloats.floatToF16(0x1p-24f)).isEqualTo((short) 0x0001);         // smallest subnormal
        assertThat(HalfFloats.floatToF16(0x1p-25f)).isEqualTo((short) 0x0000);         // half of it: tie to even 0
        assertThat(HalfFloats.floatToF16(0x1.8p-25f)).isEqualTo((short) 0x0001);
        assertThat(HalfFloats.floatToF16(-0f)).isEqualTo((short) 0x8000);
        assertThat(Float.isNaN(HalfFloats.f16ToFloat(HalfFloats.floatToF16(Float.NaN)))).isTrue();
        assertThat(HalfFloats.floatToBf16(1 + 0x1p-8f)).isEqualTo((short) 0x3f80);     // tie: stays at even 1.0
        assertThat(HalfFloats.floatToBf16(Float.MAX_VALUE)).isEqualTo((short) 0x7f80); // rounds to infinity
    }
}
