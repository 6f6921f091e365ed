package org.loralab.results;

import java.util.Arrays;

/**
 * A trial's task metric on each test example (an image, a regression input, a text window), in the test set's order:
 * what the paired bootstrap resamples. Kept in float32, enough for 0/1 accuracies and losses; empty where not measured
 * (trials the learning-rate search did not select, diverged trials).
 *
 * @param values one metric per test example (not copied: do not modify)
 */
public record ExampleScores(float[] values) {
    /** No scores. */
    public static final ExampleScores NONE = new ExampleScores(new float[0]);

    public ExampleScores {
        values = values == null ? new float[0] : values;
    }

    /** The scores of {@code metrics}, rounded to float32. */
    public static ExampleScores of(double[] metrics) {
        float[] v = new float[metrics.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) metrics[i];
        }
        return new ExampleScores(v);
    }

    public int size() {
        return values.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExampleScores other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ExampleScores[" + values.length + "]";
    }
}
