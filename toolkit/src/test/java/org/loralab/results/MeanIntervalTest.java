package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MeanIntervalTest {

    /**
     * {1, 2, 3, 4}: mean 2.5, sample standard deviation sqrt(5/3) = 1.2910, t(0.975, 3) = 3.18245 (tables), so the
     * interval is 2.5 +- 3.18245 * 1.2910 / 2 = 2.5 +- 2.0543.
     */
    @Test
    void studentTIntervalOfTheMean() {
        MeanInterval m = MeanInterval.of(new double[] {1, 2, 3, 4});
        assertThat(m.n()).isEqualTo(4);
        assertThat(m.mean()).isEqualTo(2.5);
        assertThat(m.low()).isCloseTo(2.5 - 2.05426, within(1e-4));
        assertThat(m.high()).isCloseTo(2.5 + 2.05426, within(1e-4));
    }

    @Test
    void oneValueHasNoIntervalAndNoneHasNoMean() {
        MeanInterval one = MeanInterval.of(new double[] {7});
        assertThat(one.mean()).isEqualTo(7);
        assertThat(one.low()).isNaN();
        assertThat(MeanInterval.of(new double[0]).mean()).isNaN();
        assertThat(MeanInterval.of(new double[0]).n()).isZero();
    }
}
