package org.loralab.checkpoint;

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

    private static final float[] FINITE_HALVES = finiteHalves();

    private static float[] finiteHalves() {
        float[] all = new float[65536];
        int n = 0;
        for (int h = 0; h < 65536; h++) {
            float f = HalfFloats.f16ToFloat((short) h);
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
        float lo = FINITE_HALVES[above - 1];
        float hi = FINITE_HALVES[above];
        double dLo = (double) x - lo;
        double dHi = (double) hi - x;
        float expected = dLo < dHi ? lo : dHi < dLo ? hi
                : (HalfFloats.floatToF16(lo) & 1) == 0 ? lo : hi;
        assertThat(Math.abs(got)).as("x = %s", x).isEqualTo(Math.abs(expected));
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
