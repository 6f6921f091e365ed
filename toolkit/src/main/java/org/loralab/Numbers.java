package org.loralab;

import java.math.BigDecimal;

/** Short, exact text for numbers given in specs (0.003, not 0.0030 or 3.0E-3). */
public final class Numbers {
    private Numbers() {
    }

    public static String compact(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.valueOf((long) value);
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
