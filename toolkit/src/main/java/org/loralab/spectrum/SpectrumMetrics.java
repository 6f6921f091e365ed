package org.loralab.spectrum;

/**
 * The rank metrics of one matrix, computed from its singular values alone (definitions in docs/metrics.md).
 * A zero matrix has every metric 0.
 *
 * @param frobenius          sqrt(E), E = sum s_i^2
 * @param spectralNorm       s_1
 * @param nuclearNorm        sum s_i
 * @param stableRank         E / s_1^2
 * @param entropyRank        exp(-sum p_i ln p_i), p_i = s_i / sum s_j (Roy and Vetterli 2007)
 * @param participationRatio E^2 / sum s_i^4
 * @param energyRank90       smallest k with sum_{i<=k} s_i^2 >= 0.90 E
 * @param energyRank95       likewise for 0.95
 * @param energyRank99       likewise for 0.99
 * @param numericalRank      number of s_i > max(d, k) * eps * s_1
 */
public record SpectrumMetrics(double frobenius, double spectralNorm, double nuclearNorm, double stableRank,
                              double entropyRank, double participationRatio, int energyRank90, int energyRank95,
                              int energyRank99, int numericalRank) {

    /** A rank that the values computed do not determine (see {@link #ofTop}). */
    public static final int UNKNOWN = -1;
    /** Machine epsilon of double, 2^-52. */
    public static final double DOUBLE_EPSILON = Math.ulp(1.0);
    /** Machine epsilon of float, 2^-23. */
    public static final double FLOAT_EPSILON = Math.ulp(1.0f);

    /**
     * Metrics of a rows x cols matrix with singular values {@code sigma} (descending, >= 0; not
     * modified), with the numerical-rank threshold taken for a precision of machine epsilon {@code eps}.
     */
    public static SpectrumMetrics of(double[] sigma, int rows, int cols, double eps) {
        checkDescending(sigma);
        if (sigma.length == 0 || sigma[0] == 0) {
            return new SpectrumMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double s1 = sigma[0];
        // work with t_i = s_i / s_1 in [0, 1], so that squares and fourth powers neither overflow nor underflow
        double sumT2 = 0;
        double sumT4 = 0;
        double nuclear = 0;
        for (double s : sigma) {
            double t = s / s1;
            sumT2 += t * t;
            sumT4 += t * t * t * t;
            nuclear += s;
        }
        double entropy = 0;
        for (double s : sigma) {
            double p = s / nuclear;
            if (p > 0) {
                entropy -= p * Math.log(p);
            }
        }
        double threshold = Math.max(rows, cols) * eps * s1;
        int numericalRank = 0;
        for (double s : sigma) {
            if (s > threshold) {
                numericalRank++;
            }
        }
        return new SpectrumMetrics(s1 * Math.sqrt(sumT2), s1, nuclear, sumT2, Math.exp(entropy), sumT2 * sumT2 / sumT4,
                energyRank(sigma, 0.90), energyRank(sigma, 0.95), energyRank(sigma, 0.99), numericalRank);
    }

    /** Metrics at double precision. */
    public static SpectrumMetrics of(double[] sigma, int rows, int cols) {
        return of(sigma, rows, cols, DOUBLE_EPSILON);
    }

    /**
     * Metrics from the top-k singular values alone and the exact squared Frobenius norm E (the sum of the
     * squared entries). Exact: Frobenius norm, spectral norm, stable rank; energy ranks when the top k reach
     * the share, else {@link #UNKNOWN}; the numerical rank when s_k is below the threshold, else UNKNOWN.
     * Nuclear norm, entropy rank and participation ratio need every value: NaN.
     */
    public static SpectrumMetrics ofTop(double[] top, double sumOfSquares, int rows, int cols, double eps) {
        checkDescending(top);
        if (top.length == 0 || top[0] == 0 || sumOfSquares == 0) {
            return new SpectrumMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        double s1 = top[0];
        double threshold = Math.max(rows, cols) * eps * s1;
        int numerical = UNKNOWN;
        if (top[top.length - 1] <= threshold) {
            numerical = 0;
            while (top[numerical] > threshold) {
                numerical++;
            }
        }
        return new SpectrumMetrics(Math.sqrt(sumOfSquares), s1, Double.NaN, sumOfSquares / (s1 * s1), Double.NaN, Double.NaN,
                energyRankWithin(top, 0.90 * sumOfSquares), energyRankWithin(top, 0.95 * sumOfSquares),
                energyRankWithin(top, 0.99 * sumOfSquares), numerical);
    }

    private static int energyRankWithin(double[] top, double target) {
        double cumulative = 0;
        for (int k = 0; k < top.length; k++) {
            cumulative += top[k] * top[k];
            if (cumulative >= target) {
                return k + 1;
            }
        }
        return UNKNOWN;
    }

    /** Smallest k with sum_{i<=k} s_i^2 >= fraction * E; 0 for a zero matrix. */
    public static int energyRank(double[] sigma, double fraction) {
        if (sigma.length == 0 || sigma[0] == 0) {
            return 0;
        }
        double s1 = sigma[0];
        double total = 0;
        for (double s : sigma) {
            total += (s / s1) * (s / s1);
        }
        double cumulative = 0;
        for (int k = 0; k < sigma.length; k++) {
            cumulative += (sigma[k] / s1) * (sigma[k] / s1);
            if (cumulative >= fraction * total) {
                return k + 1;
            }
        }
        return sigma.length; // rounding left the last partial sum a hair below fraction * total
    }

    /**
     * Truncation errors e(r) = sqrt(sum_{i>r} s_i^2 / E) for r = 0..n: the relative Frobenius error of
     * the best rank-r approximation (Eckart-Young). All 0 for a zero matrix.
     */
    public static double[] truncationErrors(double[] sigma) {
        checkDescending(sigma);
        int n = sigma.length;
        double[] e = new double[n + 1];
        if (n == 0 || sigma[0] == 0) {
            return e;
        }
        double s1 = sigma[0];
        double[] tail = new double[n + 1]; // tail[r] = sum_{i>r} t_i^2, summed from the small end for accuracy
        for (int i = n - 1; i >= 0; i--) {
            tail[i] = tail[i + 1] + (sigma[i] / s1) * (sigma[i] / s1);
        }
        for (int r = 0; r <= n; r++) {
            e[r] = Math.sqrt(tail[r] / tail[0]);
        }
        return e;
    }

    private static void checkDescending(double[] sigma) {
        for (int i = 0; i < sigma.length; i++) {
            if (!(sigma[i] >= 0) || Double.isInfinite(sigma[i]) || (i > 0 && sigma[i] > sigma[i - 1])) {
                throw new IllegalArgumentException("singular values must be finite, >= 0 and descending; index " + i
                        + " is " + sigma[i]);
            }
        }
    }
}
