package org.loralab.results;

import java.util.OptionalInt;
import java.util.SortedMap;

/**
 * Task-level ranks, the direct test of the low-rank hypothesis: r_t = the smallest rank r whose model
 * recovers a fraction t of full fine-tuning's improvement, m(r) - m_base >= t (m_full - m_base).
 */
public final class TaskRanks {
    /** The fractions reported: r90, r95, r99. */
    public static final double[] FRACTIONS = {0.90, 0.95, 0.99};

    private TaskRanks() {
    }

    /**
     * @param metricByRank m(r) by rank (higher is better); NaN entries (diverged) never reach
     * @return the smallest rank reaching the fraction, or empty when none does or full fine-tuning did
     *         not improve on the base
     */
    public static OptionalInt rankReaching(double fraction, double base, double full, SortedMap<Integer, Double> metricByRank) {
        double gain = full - base;
        if (!(gain > 0)) {
            return OptionalInt.empty();
        }
        for (var e : metricByRank.entrySet()) {
            if (e.getValue() - base >= fraction * gain) {
                return OptionalInt.of(e.getKey());
            }
        }
        return OptionalInt.empty();
    }

    /** The column name of a fraction: {@code r90} for 0.90. */
    public static String label(double fraction) {
        return "r" + Math.round(fraction * 100);
    }

    /** (m - m_base) / (m_full - m_base): the fraction of full fine-tuning's improvement recovered. */
    public static double fractionOfFull(double metric, double base, double full) {
        return (metric - base) / (full - base);
    }
}
