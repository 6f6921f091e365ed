package org.loralab.study;

/**
 * A task-level rank (r90, d90) at one value of a study: the median over seeds of the test value, with a 95% interval
 * that resamples seeds and test examples together. {@code +Infinity} stands for "no swept rank reaches it".
 *
 * @param median  median over seeds (infinite when most seeds never reach it; NaN when none was measured)
 * @param low     interval's lower end
 * @param high    interval's upper end (infinite when resamples exist in which it is not reached)
 * @param reached seeds that reached it
 * @param seeds   seeds in all
 */
public record RankEstimate(double median, double low, double high, int reached, int seeds) {
    /** Nothing measured. */
    public static final RankEstimate NONE = new RankEstimate(Double.NaN, Double.NaN, Double.NaN, 0, 0);

    /** Whether the estimate was measured. */
    public boolean measured() {
        return seeds > 0;
    }

    /** The same estimate divided by {@code size} (a rank relative to the module width, say). */
    public RankEstimate over(double size) {
        return new RankEstimate(median / size, low / size, high / size, reached, seeds);
    }
}
