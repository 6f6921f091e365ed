package org.loralab.results;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Intervals of a statistic over seeds that hold both noise sources: resample b draws the seeds with replacement and
 * takes each drawn seed's value on its own resample b of the test examples ({@link PairedBootstrap}), then computes the
 * statistic over the drawn seeds. Values may be {@code +Infinity} (a rank never reached), which percentiles keep.
 */
public final class SeedTestBootstrap {
    private static final long DRAWS_SEED = 20_261_205L; // fixed: equal results give equal intervals

    private SeedTestBootstrap() {
    }

    /**
     * @param perSeed   {@code perSeed[s][b]}: seed s's value on test resample b (every seed the same number of resamples)
     * @param statistic the statistic over the drawn seeds' values (a median, a mean)
     * @param level     the interval's coverage, 0.95 for the 2.5th and 97.5th percentiles
     * @return {low, high}; NaN bounds when there are no seeds
     */
    public static double[] interval(double[][] perSeed, ToDoubleFunction<double[]> statistic, double level) {
        if (perSeed.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        int seeds = perSeed.length;
        int resamples = perSeed[0].length;
        SplittableRandom rng = new SplittableRandom(DRAWS_SEED);
        double[] stats = new double[resamples];
        double[] drawn = new double[seeds];
        for (int b = 0; b < resamples; b++) {
            for (int j = 0; j < seeds; j++) {
                drawn[j] = perSeed[rng.nextInt(seeds)][b];
            }
            stats[b] = statistic.applyAsDouble(drawn);
        }
        Arrays.sort(stats);
        double tail = (1 - level) / 2;
        return new double[] {quantile(stats, tail), quantile(stats, 1 - tail)};
    }

    /** Linear interpolation between order statistics; an infinite neighbour gives infinity, not NaN. */
    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        double w = pos - lo;
        if (w == 0 || sorted[lo] == sorted[hi]) {
            return sorted[lo];
        }
        if (Double.isInfinite(sorted[hi]) || Double.isInfinite(sorted[lo])) {
            return w < 0.5 ? sorted[lo] : sorted[hi];
        }
        return sorted[lo] + w * (sorted[hi] - sorted[lo]);
    }

    /** The median of {@code values}, infinite entries included (the middle of an odd count with infinities is one). */
    public static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        if (n % 2 == 1) {
            return v[n / 2];
        }
        double a = v[n / 2 - 1];
        double b = v[n / 2];
        return Double.isInfinite(b) ? b : (a + b) / 2;
    }

    /** The mean of {@code values}. */
    public static double mean(double[] values) {
        return Arrays.stream(values).sum() / values.length;
    }
}
