package org.loralab.experiment;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.OptionalDouble;

/**
 * How a learning-rate search goes past its list: when the validation set chooses the smallest or the largest rate
 * tried, the optimum may lie beyond it, so the search trains the next rate out and chooses again, at most
 * {@code extensions} times. The step continues the list's own spacing at that end (the ratio of its two outermost
 * rates), rounded to one significant digit: {0.001, 0.003, 0.01} goes on to 0.0003 below or 0.03 above. The same rule
 * holds for every method, so that each is tuned alike.
 *
 * @param extensions the most rates a search may add beyond its list (0: never extend)
 */
public record LearningRateSearch(int extensions) {
    /** The default: up to two rates beyond the list. */
    public static final LearningRateSearch DEFAULT = new LearningRateSearch(2);

    public LearningRateSearch {
        if (extensions < 0 || extensions > 10) {
            throw new IllegalArgumentException("learning_rate_extensions must be between 0 and 10, got " + extensions);
        }
    }

    /**
     * The next rate to try, or empty when the search is done: its choice lies inside the rates tried, it has used its
     * extensions, or it is no search (one rate).
     *
     * @param listSize    how many of {@code tried} are the spec's list (the first ones); the rest are extensions
     * @param tried       every rate trained so far, the list's then the extensions, in that order
     * @param chosen      the index in {@code tried} that the validation set chose
     * @param allDiverged whether training diverged at every rate tried (then the next rate is below the smallest)
     */
    public OptionalDouble next(int listSize, List<Double> tried, int chosen, boolean allDiverged) {
        if (listSize < 2 || tried.size() - listSize >= extensions) {
            return OptionalDouble.empty();
        }
        double[] sorted = tried.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int n = sorted.length;
        double rate = tried.get(chosen);
        if (allDiverged || rate == sorted[0]) {
            return OptionalDouble.of(beyond(sorted[0], sorted[0] / sorted[1]));
        }
        if (rate == sorted[n - 1]) {
            return OptionalDouble.of(beyond(sorted[n - 1], sorted[n - 1] / sorted[n - 2]));
        }
        return OptionalDouble.empty();
    }

    /** {@code end * factor} to one significant digit, or unrounded where rounding would not leave the range. */
    static double beyond(double end, double factor) {
        double exact = end * factor;
        double rounded = new BigDecimal(exact).round(new MathContext(1)).doubleValue();
        boolean outward = factor > 1 ? rounded > end : rounded < end;
        return outward ? rounded : exact;
    }
}
