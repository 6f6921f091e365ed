package org.loralab.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.loralab.BadInputException;
import org.loralab.Numbers;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.SpecReader;
import org.loralab.spec.SpecFiles;

/**
 * Reads a study: an experiment spec with a {@code study} section that names the keys to vary and their values. Each
 * value gives one experiment, the spec with that key set (and the keys under {@code with} set to their entries for
 * that value), read and checked like any spec:
 *
 * <pre>
 * study:
 *   vary: task.width
 *   values: [32, 64, 128]
 *   with:                      # optional: keys that change with the value, one entry per value
 *     lora.ranks: [[1, 4, 32], [1, 4, 64], [1, 4, 128]]
 * </pre>
 *
 * {@code study} may also be a list of such axes, each varied alone from the spec; experiments that come out equal
 * (the spec's own values on two axes) run once. An entry {@code ~} under {@code with} removes the key for that value
 * (a {@code subspace} section only some values train, say).
 */
public final class StudyReader {
    /** Writes each point's spec text (without YAML's document marker). */
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build());
    private static final String KEY = "study";

    private StudyReader() {
    }

    /** Whether {@code file} is a study (has a {@code study} section); false for files that are not YAML mappings. */
    public static boolean isStudy(Path file) {
        try {
            JsonNode root = SpecFiles.tree(Files.readString(file), file.toString());
            return root != null && root.isObject() && root.has(KEY);
        } catch (IOException | BadInputException e) {
            return false; // reading it as a spec gives the error
        }
    }

    public static StudySpec read(Path file) {
        return parse(SpecFiles.read(file), file.toString(), SpecFiles.defaultName(file));
    }

    /** Parses study text; {@code source} names it in errors, {@code fallbackName} is used when it has no name. */
    public static StudySpec parse(String text, String source, String fallbackName) {
        JsonNode root = SpecFiles.tree(text, source);
        if (root == null || !root.isObject() || !root.has(KEY)) {
            throw new BadInputException(source + ": not a study (no 'study' section)");
        }
        String name = root.hasNonNull("name") ? root.get("name").asText() : fallbackName;
        String description = root.hasNonNull("description") ? root.get("description").asText() : "";
        JsonNode section = root.get(KEY);
        List<JsonNode> axisNodes = new ArrayList<>();
        if (section.isArray()) {
            section.forEach(axisNodes::add);
        } else {
            axisNodes.add(section);
        }
        if (axisNodes.isEmpty()) {
            throw new BadInputException(source + ": key 'study' must name at least one setting to vary");
        }
        ObjectNode template = ((ObjectNode) root).deepCopy();
        template.remove(KEY);
        Map<String, StudyPoint> byCanonical = new LinkedHashMap<>();
        List<StudyAxis> axes = new ArrayList<>();
        for (int a = 0; a < axisNodes.size(); a++) {
            String where = section.isArray() ? "study[" + a + "]" : "study";
            axes.add(axis(axisNodes.get(a), where, template, name, description, source, byCanonical));
        }
        if (new HashSet<>(axes.stream().map(StudyAxis::key).toList()).size() != axes.size()) {
            throw new BadInputException(source + ": key 'study' varies the same key twice: "
                    + axes.stream().map(StudyAxis::key).toList());
        }
        try {
            return new StudySpec(name, description, axes, List.copyOf(byCanonical.values()));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": " + e.getMessage());
        }
    }

    private static StudyAxis axis(JsonNode node, String where, ObjectNode template, String name, String description,
                                  String source, Map<String, StudyPoint> byCanonical) {
        if (!node.isObject()) {
            throw new BadInputException(source + ": key '" + where + "' must be a mapping with 'vary' and 'values'");
        }
        node.fieldNames().forEachRemaining(k -> {
            if (!List.of("vary", "values", "with").contains(k)) {
                throw new BadInputException(source + ": unknown key '" + where + "." + k + "'; known keys here are [vary, "
                        + "values, with]");
            }
        });
        if (!node.hasNonNull("vary") || !node.get("vary").isTextual()) {
            throw new BadInputException(source + ": key '" + where + ".vary' must name a spec key, like task.width");
        }
        String key = node.get("vary").asText();
        JsonNode values = node.get("values");
        if (values == null || !values.isArray() || values.size() < 2) {
            throw new BadInputException(source + ": key '" + where + ".values' must list at least two values of " + key);
        }
        List<Double> numbers = new ArrayList<>();
        for (JsonNode v : values) {
            if (!v.isNumber()) {
                throw new BadInputException(source + ": key '" + where + ".values' must be numbers (a study plots its"
                        + " verdict against them), got '" + v.asText() + "'");
            }
            numbers.add(v.doubleValue());
        }
        if (new HashSet<>(numbers).size() != numbers.size()) {
            throw new BadInputException(source + ": key '" + where + ".values' must be distinct, got " + values);
        }
        Map<String, JsonNode> with = new LinkedHashMap<>();
        if (node.hasNonNull("with")) {
            if (!node.get("with").isObject()) {
                throw new BadInputException(source + ": key '" + where + ".with' must map spec keys to one entry per value");
            }
            node.get("with").fields().forEachRemaining(e -> {
                if (!e.getValue().isArray() || e.getValue().size() != values.size()) {
                    throw new BadInputException(source + ": key '" + where + ".with." + e.getKey() + "' must list one entry"
                            + " per value (" + values.size() + ")");
                }
                with.put(e.getKey(), e.getValue());
            });
        }
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        List<String> points = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String label = (leaf + "-" + Numbers.compact(numbers.get(i))).replaceAll("[^A-Za-z0-9._-]", "_");
            ObjectNode spec = template.deepCopy();
            String setting = key + " = " + values.get(i).asText();
            set(spec, key, values.get(i), where + ".vary", source);
            for (Map.Entry<String, JsonNode> e : with.entrySet()) {
                set(spec, e.getKey(), e.getValue().get(i), where + ".with." + e.getKey(), source);
                setting += ", " + e.getKey() + " = " + e.getValue().get(i);
            }
            spec.put("name", name + "." + label);
            spec.put("description", (description.isEmpty() ? name : description) + " (" + setting + ")");
            String text;
            try {
                text = YAML.writeValueAsString(spec);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            ExperimentSpec experiment = SpecReader.parse(text, source + " at " + setting, name + "." + label);
            StudyPoint point = byCanonical.computeIfAbsent(experiment.canonicalText(),
                    k -> new StudyPoint(label, experiment, text));
            points.add(point.label());
        }
        return new StudyAxis(key, numbers, points);
    }

    /** Sets the dotted {@code key} of {@code spec} to {@code value}; every section on the way must exist. */
    private static void set(ObjectNode spec, String key, JsonNode value, String where, String source) {
        String[] parts = key.split("\\.", -1);
        if (parts[0].equals(KEY) || key.equals("name") || key.equals("description")) {
            throw new BadInputException(source + ": key '" + where + "': a study cannot vary '" + key + "'");
        }
        ObjectNode node = spec;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new BadInputException(source + ": key '" + where + "': '" + key + "' is not a key of the spec (it has"
                        + " no section '" + String.join(".", java.util.Arrays.copyOf(parts, i + 1)) + "')");
            }
            node = (ObjectNode) child;
        }
        if (parts[parts.length - 1].isEmpty()) {
            throw new BadInputException(source + ": key '" + where + "': '" + key + "' is not a spec key");
        }
        if (value.isNull()) {
            node.remove(parts[parts.length - 1]); // ~ drops the key: a section this value goes without
        } else {
            node.set(parts[parts.length - 1], value.deepCopy());
        }
    }
}
