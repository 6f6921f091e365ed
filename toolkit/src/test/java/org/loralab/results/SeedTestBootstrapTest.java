package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedTestBootstrapTest {
    private static final double INF = Double.POSITIVE_INFINITY;

    private static double[] constant(double v) {
        double[] out = new double[PairedBootstrap.RESAMPLES];
        Arrays.fill(out, v);
        return out;
    }

    @Test
    void withOneSeedTheIntervalIsTheTestResamplesPercentiles() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] resamples = rng.doubles(PairedBootstrap.RESAMPLES).toArray();
        assertThat(SeedTestBootstrap.interval(new double[][] {resamples}, SeedTestBootstrap::mean, 0.95))
                .containsExactly(PairedBootstrap.percentileInterval(resamples, 0.95), within(1e-12));
    }

    /** Two seeds without test noise, at 0 and 1: the mean of two draws is 0, 0.5 or 1 with chances 1/4, 1/2, 1/4. */
    @Test
    void seedNoiseAloneGivesTheClosedFormOfTwoDraws() {
        double[][] perSeed = {constant(0), constant(1)};
        assertThat(SeedTestBootstrap.interval(perSeed, SeedTestBootstrap::mean, 0.95)).containsExactly(0.0, 1.0);
        assertThat(SeedTestBootstrap.interval(perSeed, SeedTestBootstrap::mean, 0.40)).containsExactly(0.5, 0.5);
        assertThat(SeedTestBootstrap.interval(new double[][] {constant(4), constant(4), constant(4)},
                SeedTestBootstrap::median, 0.95)).containsExactly(4.0, 4.0);
        assertThat(SeedTestBootstrap.interval(new double[0][], SeedTestBootstrap::mean, 0.95)).containsOnly(Double.NaN);
    }

    /** A rank never reached is infinite; the median and the interval keep it instead of dropping it. */
    @Test
    void infiniteRanksStayInTheMedianAndTheInterval() {
        assertThat(SeedTestBootstrap.median(new double[] {16, INF, INF})).isEqualTo(INF);
        assertThat(SeedTestBootstrap.median(new double[] {4, 16, INF})).isEqualTo(16);
        assertThat(SeedTestBootstrap.median(new double[] {4, INF})).isEqualTo(INF);
        assertThat(SeedTestBootstrap.median(new double[] {4, 16})).isEqualTo(10);
        double[] interval = SeedTestBootstrap.interval(new double[][] {constant(4), constant(INF), constant(INF)},
                SeedTestBootstrap::median, 0.95);
        assertThat(interval).containsExactly(4.0, INF);
        assertThat(SeedTestBootstrap.quantile(new double[] {1, 2, INF}, 0.5)).isEqualTo(2);
        assertThat(SeedTestBootstrap.quantile(new double[] {1, 2, INF}, 0.9)).isEqualTo(INF);
        assertThat(SeedTestBootstrap.quantile(new double[] {1, 2, INF}, 0.25)).isEqualTo(1.5);
    }

    /**
     * Between two finite order statistics the quantile interpolates toward the next one ({1, 2, 3, 4} at 0.5: 2.5); next
     * to an infinite one it takes the nearer, and halfway the infinite one ({1, inf} at 0.5); the median sorts first.
     */
    @Test
    void quantilesInterpolateUpwardAndTheMedianSortsItsInput() {
        assertThat(SeedTestBootstrap.quantile(new double[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
        assertThat(SeedTestBootstrap.quantile(new double[] {1, 2, 3, 4}, 0.75)).isEqualTo(3.25);
        assertThat(SeedTestBootstrap.quantile(new double[] {1, INF}, 0.5)).isEqualTo(INF);
        assertThat(SeedTestBootstrap.quantile(new double[] {1, INF}, 0.49)).isEqualTo(1);
        assertThat(SeedTestBootstrap.median(new double[] {3, INF, 1})).isEqualTo(3);
        assertThat(SeedTestBootstrap.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(SeedTestBootstrap.mean(new double[] {1, 2, 6})).isEqualTo(3);
    }
}
