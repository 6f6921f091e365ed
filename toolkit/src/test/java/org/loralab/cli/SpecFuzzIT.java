package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Broken specs, generated: every key of every committed spec under {@code experiments/} (and every key another spec
 * has at the same place) dropped, given a value of the wrong type, emptied, turned from a list to a scalar and back,
 * zero, negative, NaN, infinite, huge, duplicated, or joined by an unknown sibling. {@code loralab run SPEC --check}
 * either accepts the spec or answers with status 2 and exactly one {@code error:} line naming the file and a key on
 * the mutated path: never a stack trace, never status 1. Keys of the spec schema that no committed spec sets are
 * added to one, with a wrong value.
 */
class SpecFuzzIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Path EXPERIMENTS = Path.of("..", "experiments");
    private static Path work;
    private static int counter;

    /** One mutation: the spec it starts from, the key path it changes, what it does. */
    record Case(String spec, List<String> path, String what, UnaryOperator<JsonNode> change) {
        @Override
        public String toString() {
            return spec + " " + String.join(".", path) + ": " + what;
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.of(allCases());
    }

    @Property(generation = GenerationMode.EXHAUSTIVE, tries = 100_000)
    void aBrokenSpecIsValidOrOneErrorNamingTheFileAndKey(@ForAll("cases") Case c) throws IOException {
        JsonNode root = YAML.readTree(EXPERIMENTS.resolve(c.spec()).toFile());
        JsonNode mutated = c.change().apply(root.deepCopy());
        Path dir = workDir().resolve("case-" + (counter++));
        Files.createDirectories(dir);
        Path file = dir.resolve(c.spec());
        Files.writeString(file, mutated == null ? "" : YAML.writeValueAsString(mutated));
        CliRun run = CliRun.of("run", file.toString(), "--check", "--out", dir.resolve("out").toString());
        assertThat(run.status()).as(c + " -> " + run.err()).isIn(0, 2);
        assertThat(dir.resolve("out")).as(c + ": nothing written").doesNotExist();
        if (run.status() == 2) {
            List<String> lines = run.err().lines().toList();
            assertThat(lines).as(c + ": one line").hasSize(1);
            assertThat(lines.get(0)).as(c.toString()).startsWith("error: ").contains(file.toString())
                    .doesNotContain("Exception");
            // the mutated key, or the key the change conflicts with (hidden_sizes: [] leaves lora.target_modules nothing)
            String message = lines.get(0).substring(("error: " + file).length());
            boolean wholeFile = c.path().equals(List.of(c.spec()));
            assertThat(wholeFile || c.path().stream().anyMatch(message::contains)
                    || keys(root).stream().anyMatch(message::contains)).as(c + " names a key: " + lines.get(0)).isTrue();
        }
    }

    /** Every key name in {@code node}, at any depth. */
    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                out.add(e.getKey());
                out.addAll(keys(e.getValue()));
            });
        }
        return out;
    }

    private static Path workDir() throws IOException {
        if (work == null) {
            work = Files.createTempDirectory("loralab-spec-fuzz");
        }
        return work;
    }

    @AfterContainer
    static void cleanUp() {
        if (work != null) {
            org.loralab.io.TemporaryFolders.deleteQuietly(work);
        }
    }

    /** Every case, in a fixed order. */
    static List<Case> allCases() {
        Map<String, JsonNode> specs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(EXPERIMENTS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                specs.put(f.getFileName().toString(), YAML.readTree(f.toFile()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Case> all = new ArrayList<>();
        for (Map.Entry<String, JsonNode> s : specs.entrySet()) {
            all.add(new Case(s.getKey(), List.of(s.getKey()), "empty file", root -> null));
            all.add(new Case(s.getKey(), List.of(s.getKey()), "a list instead of a map",
                    root -> NODES.arrayNode().add(root)));
            walk(s.getKey(), s.getValue(), List.of(), all);
            // keys the spec could have: those other specs have where this one has their parent
            for (JsonNode other : specs.values()) {
                addMissing(s.getKey(), s.getValue(), other, List.of(), all);
            }
        }
        fromSchema(specs, all);
        // each mutation of a key once per task type (specs of one type share their keys), in the first spec that has it
        java.util.Set<List<String>> seen = new java.util.HashSet<>();
        return all.stream().filter(c -> c.what().equals("empty file") || c.what().equals("a list instead of a map")
                || seen.add(List.of(specs.get(c.spec()).path("task").path("type").asText("planted-rank"),
                String.join(".", c.path()), c.what()))).toList();
    }

    private static void walk(String spec, JsonNode node, List<String> path, List<Case> cases) {
        if (!node.isObject()) {
            return;
        }
        List<String> unknown = new ArrayList<>(path);
        unknown.add("no_such_key");
        cases.add(new Case(spec, unknown, "unknown sibling key",
                root -> edit(root, path, n -> ((ObjectNode) n).put("no_such_key", 1))));
        node.fields().forEachRemaining(e -> {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            for (Map.Entry<String, JsonNode> v : replacements(e.getKey(), e.getValue()).entrySet()) {
                cases.add(new Case(spec, p, v.getKey(), root -> edit(root, path, n -> ((ObjectNode) n).set(e.getKey(),
                        v.getValue()))));
            }
            cases.add(new Case(spec, p, "dropped", root -> edit(root, path, n -> ((ObjectNode) n).remove(e.getKey()))));
            walk(spec, e.getValue(), p, cases);
        });
    }

    /** The values a key is tried with instead of its own. */
    private static Map<String, JsonNode> replacements(String key, JsonNode value) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        out.put("a word", NODES.textNode("x"));
        out.put("zero", NODES.numberNode(0));
        out.put("negative", NODES.numberNode(-1));
        out.put("NaN", NODES.numberNode(Double.NaN));
        out.put("infinite", NODES.numberNode(Double.POSITIVE_INFINITY));
        out.put("huge", NODES.numberNode(1e300));
        out.put("past long", NODES.numberNode(new java.math.BigInteger("99999999999999999999")));
        out.put("fraction", NODES.numberNode(0.5));
        out.put("true", NODES.booleanNode(true));
        out.put("null", NODES.nullNode());
        out.put("empty map", NODES.objectNode());
        out.put("empty list", NODES.arrayNode());
        if (value.isArray()) {
            if (!value.isEmpty()) {
                out.put("its first item alone", value.get(0).deepCopy());
                ArrayNode twice = value.deepCopy();
                twice.add(value.get(0).deepCopy());
                out.put("first item twice", twice);
            }
        } else {
            out.put("in a list", NODES.arrayNode().add(value.deepCopy()));
        }
        if (key.contains("modules") || key.contains("target")) {
            out.put("an unknown module", NODES.arrayNode().add("no_such_module"));
        }
        return out;
    }

    /** Cases adding what {@code other} has at a path where {@code spec} has the parent but not the key. */
    private static void addMissing(String spec, JsonNode node, JsonNode other, List<String> path, List<Case> cases) {
        if (!node.isObject() || !other.isObject()) {
            return;
        }
        other.fields().forEachRemaining(e -> {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            if (!node.has(e.getKey())) {
                if (cases.stream().noneMatch(c -> c.spec().equals(spec) && c.path().equals(p) && c.what().equals("added"))) {
                    cases.add(new Case(spec, p, "added", root -> edit(root, path, n -> ((ObjectNode) n).set(e.getKey(),
                            e.getValue().deepCopy()))));
                }
            } else {
                addMissing(spec, node.get(e.getKey()), e.getValue(), p, cases);
            }
        });
    }

    /**
     * Keys the schema has and no committed spec of their section's kind does (optional keys left at their defaults):
     * each added, as a word and as a negative number, to the first spec that has its section (for a task type's keys,
     * a spec of that type).
     */
    private static void fromSchema(Map<String, JsonNode> specs, List<Case> cases) {
        for (org.loralab.experiment.SpecSchema.Section section : org.loralab.experiment.SpecSchema.builtIn().sections()) {
            if (section.path().equals("study") || section.path().equals("lora.grid")) {
                continue; // read before any spec (study) or naming other keys (grid): their own tests cover them
            }
            String type = section.title().startsWith("task, type ") ? section.title().substring("task, type ".length()) : null;
            List<String> parents = section.path().equals("task.pretrain") ? List.of("task.pretrain", "task.probe")
                    : List.of(section.path());
            for (String parent : parents) {
                List<String> path = parent.isEmpty() ? List.of() : List.of(parent.split("\\."));
                List<String> fitting = specs.entrySet().stream()
                        .filter(e -> at(e.getValue(), path).isObject())
                        .filter(e -> type == null || e.getValue().path("task").path("type").asText("planted-rank").equals(type))
                        .map(Map.Entry::getKey).toList();
                for (org.loralab.spec.SpecKey key : section.keys()) {
                    if (fitting.isEmpty() || fitting.stream().anyMatch(f -> at(specs.get(f), path).has(key.name()))) {
                        continue;
                    }
                    List<String> p = new ArrayList<>(path);
                    p.add(key.name());
                    cases.add(new Case(fitting.get(0), p, "added from the schema as a word",
                            root -> edit(root, path, n -> ((ObjectNode) n).put(key.name(), "x"))));
                    cases.add(new Case(fitting.get(0), p, "added from the schema as -1",
                            root -> edit(root, path, n -> ((ObjectNode) n).put(key.name(), -1))));
                }
            }
        }
    }

    private static JsonNode at(JsonNode root, List<String> path) {
        JsonNode n = root;
        for (String k : path) {
            n = n.path(k);
        }
        return n;
    }

    /** Applies {@code change} to the map at {@code path} under {@code root}; returns the root. */
    private static JsonNode edit(JsonNode root, List<String> path, java.util.function.Consumer<JsonNode> change) {
        JsonNode n = root;
        for (String k : path) {
            n = n.get(k);
        }
        change.accept(n);
        return root;
    }

    /** How many cases a run tries (reported in the build log). */
    @net.jqwik.api.Example
    void theCasesCoverEveryCommittedSpec() {
        List<Case> cases = allCases();
        System.out.println("spec fuzzer: " + cases.size() + " cases over " + cases.stream().map(Case::spec).distinct().count()
                + " specs, " + cases.stream().filter(c -> c.what().startsWith("added from the schema")).count()
                + " of them keys only the schema has: " + cases.stream().filter(c -> c.what().startsWith("added from the schema"))
                .map(c -> String.join(".", c.path())).distinct().toList());
        assertThat(cases.stream().map(Case::spec).distinct()).hasSizeGreaterThanOrEqualTo(10);
    }
}
