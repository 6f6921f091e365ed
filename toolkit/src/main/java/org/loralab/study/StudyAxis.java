package org.loralab.study;

import java.util.List;

/**
 * A setting a study varies, one experiment per value.
 *
 * @param key    the spec key, such as {@code task.width}
 * @param values its values, distinct numbers in the spec's order
 * @param points the label of the {@link StudyPoint} each value runs as (a value whose experiment another axis already
 *               has shares its point)
 */
public record StudyAxis(String key, List<Double> values, List<String> points) {
    public StudyAxis {
        values = List.copyOf(values);
        points = List.copyOf(points);
        if (values.size() != points.size()) {
            throw new IllegalArgumentException("one point per value: " + values.size() + " values, " + points.size() + " points");
        }
    }

    /** The last part of the key: {@code width} for {@code task.width}. */
    public String name() {
        return key.substring(key.lastIndexOf('.') + 1);
    }
}
