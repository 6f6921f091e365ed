package org.loralab;

import java.math.BigDecimal;

/** Small helpers for numbers: short exact text for values given in specs, and the median. */
public final class Numbers {
    private Numbers() {
    }

    /** The median of {@code values} (not modified); NaN when there are none. */
    public static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** Short, exact text for numbers given in specs (0.003, not 0.0030 or 3.0E-3). */
    public static String compact(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
