package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {

    private static ExampleScores bernoulli(int n, int ones) {
        float[] v = new float[n];
        Arrays.fill(v, 0, ones, 1f);
        return new ExampleScores(v);
    }

    /**
     * The bootstrap of a mean of n = 5,000 0/1 scores with p = 0.9 against the normal approximation of the binomial:
     * standard error sqrt(p (1 - p) / n) = 0.00424, the 95% interval +-1.96 of it. 1,000 resamples estimate the 2.5th
     * and 97.5th percentiles with a standard error of about 0.00036 here (sqrt(0.025 x 0.975 / 1000) over the normal
     * density there, 13.8): the tolerance is 4 of those, 0.0015; the standard deviation's is 10%.
     */
    @Test
    void theIntervalOfAMeanAgreesWithTheBinomialOne() {
        PairedBootstrap b = PairedBootstrap.of(5000);
        double[] means = b.means(bernoulli(5000, 4500));
        double sd = Math.sqrt(Arrays.stream(means).map(m -> (m - 0.9) * (m - 0.9)).sum() / means.length);
        assertThat(Arrays.stream(means).average().orElseThrow()).isCloseTo(0.9, within(0.0005));
        assertThat(sd).isCloseTo(Math.sqrt(0.9 * 0.1 / 5000), within(0.0004));
        double[] interval = PairedBootstrap.percentileInterval(means, 0.95);
        assertThat(interval[0]).isCloseTo(0.9 - 1.96 * 0.00424, within(0.0015));
        assertThat(interval[1]).isCloseTo(0.9 + 1.96 * 0.00424, within(0.0015));
    }

    /** Pairing: the same draw for every model, so identical scores give identical means on every resample. */
    @Test
    void everyModelIsResampledOnTheSameExamples() {
        PairedBootstrap b = PairedBootstrap.of(300, 50);
        ExampleScores s = bernoulli(300, 123);
        assertThat(b.means(s)).containsExactly(b.means(new ExampleScores(s.values().clone())));
        assertThat(PairedBootstrap.of(300, 50).means(s)).containsExactly(b.means(s)); // a fixed seed: reproducible
    }

    @Test
    void percentilesInterpolateBetweenOrderStatisticsAndSkipNaN() {
        double[] x = {4, 0, 2, 1, 3, Double.NaN};
        assertThat(PairedBootstrap.percentileInterval(x, 0.5)).containsExactly(1.0, 3.0);
        assertThat(PairedBootstrap.percentileInterval(x, 0.9)).containsExactly(new double[] {0.2, 3.8}, within(1e-12));
        assertThat(PairedBootstrap.percentileInterval(new double[] {Double.NaN}, 0.95)[0]).isNaN();
        assertThat(PairedBootstrap.percentileInterval(new double[] {1, 2, 3, 4}, 0)).containsExactly(2.5, 2.5);
    }

    /** The smallest bootstrap, one example drawn once, is valid: its mean is the example's score; none is refused. */
    @Test
    void oneExampleAndOneResampleAreEnough() {
        PairedBootstrap one = PairedBootstrap.of(1, 1);
        assertThat(one.means(new ExampleScores(new float[] {0.25f}))).containsExactly(0.25);
        assertThat(one.resamples()).isEqualTo(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PairedBootstrap.of(0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PairedBootstrap.of(1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
