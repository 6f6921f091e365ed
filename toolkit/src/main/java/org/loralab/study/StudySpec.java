package org.loralab.study;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A study, as read from a spec with a {@code study} section: the experiments that vary one setting at a time (each
 * axis from the same spec), run like single specs, with a report across them on top.
 *
 * @param name        short name, also the default output folder under {@code reports/}
 * @param description one line for the report
 * @param axes        the settings varied, each with its values
 * @param points      the distinct experiments, in the order they run
 */
public record StudySpec(String name, String description, List<StudyAxis> axes, List<StudyPoint> points) {
    public StudySpec {
        axes = List.copyOf(axes);
        points = List.copyOf(points);
        Set<String> labels = points.stream().map(StudyPoint::label).collect(Collectors.toSet());
        if (labels.size() != points.size()) {
            throw new IllegalArgumentException("point labels must be distinct, got "
                    + points.stream().map(StudyPoint::label).toList());
        }
        for (StudyAxis axis : axes) {
            for (String p : axis.points()) {
                if (!labels.contains(p)) {
                    throw new IllegalArgumentException("axis " + axis.key() + " names an unknown point " + p);
                }
            }
        }
    }

    /** The point labelled {@code label}. */
    public StudyPoint point(String label) {
        return points.stream().filter(p -> p.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no point " + label + " in study " + name));
    }

    /** The points of {@code axis}, one per value, in its order. */
    public List<StudyPoint> pointsOf(StudyAxis axis) {
        return axis.points().stream().map(this::point).toList();
    }
}
