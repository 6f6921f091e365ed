package org.loralab.gpu.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import org.junit.jupiter.api.Test;

class Bf16Test {

    @Test
    void roundsToNearestWithTiesToEven() {
        // 1 + 2^-8 lies halfway between bfloat16 neighbours 1 and 1 + 2^-7: the even one (1) wins
        assertThat(Bf16.round(1f + 0x1p-8f)).isEqualTo(1f);
        // 1 + 3 * 2^-8 lies halfway between 1 + 2^-7 and 1 + 2^-6: the even one (1 + 2^-6) wins
        assertThat(Bf16.round(1f + 3 * 0x1p-8f)).isEqualTo(1f + 0x1p-6f);
        assertThat(Bf16.round(1f + 0x1p-8f + 0x1p-20f)).isEqualTo(1f + 0x1p-7f);
        assertThat(Bf16.value(Bf16.bits(-2.5f))).isEqualTo(-2.5f);
        assertThat(Bf16.round(Float.NaN)).isNaN();
        assertThat(Bf16.round(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void tf32KeepsTenMantissaBits() {
        assertThat(Bf16.roundMantissa(1f + 0x1p-10f, 10)).isEqualTo(1f + 0x1p-10f);
        assertThat(Bf16.roundMantissa(1f + 0x1p-11f, 10)).isEqualTo(1f);              // tie, to even
        assertThat(Bf16.roundMantissa(1f + 3 * 0x1p-11f, 10)).isEqualTo(1f + 0x1p-9f); // tie, to even
        assertThat(Precision.TF32.multiplied(1f + 0x1p-12f)).isEqualTo(1f);
        assertThat(Precision.TF32.stored(1f + 0x1p-12f)).isEqualTo(1f + 0x1p-12f); // stored as float32
    }

    @Property
    void roundingIsWithinHalfAUnitAndIdempotent(@ForAll @FloatRange(min = -1e30f, max = 1e30f) float x) {
        float r = Bf16.round(x);
        assertThat(Math.abs((double) r - x)).isLessThanOrEqualTo(Math.abs((double) x) * 0x1p-8 + Float.MIN_NORMAL);
        assertThat(Bf16.round(r)).isEqualTo(r);
        assertThat(Bf16.roundMantissa(x, 7)).isEqualTo(r); // bfloat16 is float32 with 7 mantissa bits
    }

    @Test
    void parsesPrecisionNamesAndRejectsOthers() {
        assertThat(Precision.parse(" BF16 ")).isEqualTo(Precision.BF16);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Precision.parse("fp8"))
                .hasMessageContaining("unknown precision 'fp8'");
    }
}
