package org.loralab.results;

import java.util.List;

/** The validation rule that chooses among trials: never the test metric. */
public final class Selection {
    private Selection() {
    }

    /**
     * The index of the trial with the highest validation metric among those that trained without diverging; ties go to
     * the earlier trial (the spec's order). When every trial diverged, the first.
     */
    public static int byValidation(List<TrialResult> trials) {
        return best(trials.stream().mapToDouble(t -> t.ok() ? t.validationMetric() : Double.NaN).toArray());
    }

    /**
     * The index of the highest of {@code validationMetrics} (NaN: diverged, never chosen); ties go to the earlier one;
     * 0 when all are NaN.
     */
    public static int best(double[] validationMetrics) {
        if (validationMetrics.length == 0) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        int best = -1;
        for (int i = 0; i < validationMetrics.length; i++) {
            if (!Double.isNaN(validationMetrics[i]) && (best < 0 || validationMetrics[i] > validationMetrics[best])) {
                best = i;
            }
        }
        return Math.max(best, 0);
    }
}
