package org.loralab.results;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The paired bootstrap over test examples (Efron and Tibshirani 1993, ch. 13 for percentile intervals): resample the n
 * test examples with replacement, the same draw for every model compared, and recompute the statistic on each
 * resample. Pairing matters: base, full fine-tuning and LoRA are measured on the same examples, so an easy draw lifts
 * them together and the fraction of full fine-tuning's improvement varies far less than each metric does.
 * The draws come from a fixed seed, so equal results give equal intervals.
 */
public final class PairedBootstrap {
    /** Resamples drawn: 2.5% tails of 1,000 leave 25 values each. */
    public static final int RESAMPLES = 1000;
    private static final long SEED = 0x10BA_B007L;

    private final int[][] draws; // (resamples, n): example indices

    private PairedBootstrap(int n, int resamples) {
        SplittableRandom rng = new SplittableRandom(SEED);
        draws = new int[resamples][n];
        for (int[] draw : draws) {
            for (int i = 0; i < n; i++) {
                draw[i] = rng.nextInt(n);
            }
        }
    }

    /** The draws for a test set of {@code n} examples. */
    public static PairedBootstrap of(int n) {
        return of(n, RESAMPLES);
    }

    static PairedBootstrap of(int n, int resamples) {
        if (n < 1 || resamples < 1) {
            throw new IllegalArgumentException("a bootstrap needs examples and resamples, got " + n + " and " + resamples);
        }
        return new PairedBootstrap(n, resamples);
    }

    public int examples() {
        return draws[0].length;
    }

    public int resamples() {
        return draws.length;
    }

    /** The mean of {@code scores} on each resample (scores of this bootstrap's test set, in its order). */
    public double[] means(ExampleScores scores) {
        if (scores.size() != examples()) {
            throw new IllegalArgumentException("scores of " + scores.size() + " examples against a bootstrap of "
                    + examples());
        }
        float[] v = scores.values();
        double[] out = new double[draws.length];
        for (int b = 0; b < draws.length; b++) {
            double sum = 0;
            for (int i : draws[b]) {
                sum += v[i];
            }
            out[b] = sum / v.length;
        }
        return out;
    }

    /**
     * The two-sided percentile interval of {@code samples} at {@code level} (0.95: the 2.5th and 97.5th percentiles,
     * linear interpolation between order statistics); NaN samples are dropped, all NaN gives NaN bounds.
     */
    public static double[] percentileInterval(double[] samples, double level) {
        double[] sorted = Arrays.stream(samples).filter(Double::isFinite).sorted().toArray();
        if (sorted.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double tail = (1 - level) / 2;
        return new double[] {quantile(sorted, tail), quantile(sorted, 1 - tail)};
    }

    private static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
