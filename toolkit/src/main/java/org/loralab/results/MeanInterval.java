package org.loralab.results;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean of a sample with a two-sided 95% Student-t interval, mean +- t(0.975, n-1) s / sqrt(n).
 * With one value the interval is undefined (NaN bounds).
 */
public record MeanInterval(int n, double mean, double low, double high) {

    public static MeanInterval of(double[] values) {
        int n = values.length;
        if (n == 0) {
            return new MeanInterval(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = java.util.Arrays.stream(values).sum() / n;
        if (n == 1) {
            return new MeanInterval(1, mean, Double.NaN, Double.NaN);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (n - 1));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new MeanInterval(n, mean, mean - half, mean + half);
    }
}
