package org.loralab.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.loralab.BadInputException;
import org.loralab.lora.InitScheme;
import org.loralab.lora.TargetModules;
import org.loralab.spec.SpecFiles;
import org.loralab.spec.SpecNode;
import org.loralab.subspace.ProjectionKind;
import org.loralab.task.TaskConfig;
import org.loralab.task.TaskTypes;
import org.loralab.train.TrainConfig;

/**
 * Reads an experiment spec from YAML. Unknown keys, wrong types and invalid values are
 * {@link BadInputException}s whose message names the file and the key. The format is documented
 * in {@code experiments/planted-rank.yaml}.
 */
public final class SpecReader {

    private SpecReader() {
    }

    public static ExperimentSpec read(Path file) {
        return parse(SpecFiles.read(file), file.toString(), SpecFiles.defaultName(file));
    }

    /** Parses spec text; {@code source} names it in errors, {@code fallbackName} is used when it has no name. */
    public static ExperimentSpec parse(String text, String source, String fallbackName) {
        JsonNode root = SpecFiles.tree(text, source);
        SpecNode spec = new SpecNode(source, "", root);
        String name = spec.text("name", fallbackName);
        String description = spec.text("description", "");
        Precision precision = spec.choice("precision", Precision.FLOAT32, Precision.class);
        TaskConfig task = TaskTypes.read(spec.child("task"));
        SpecNode fullNode = spec.child("full");
        List<Double> fullRates = learningRates(fullNode);
        TrainConfig full = spec.valid("full", () -> TrainConfig.read(fullNode, fullRates.get(0)));
        fullNode.finish();
        LoraSweep lora = lora(spec.child("lora"));
        java.util.Optional<SubspaceSweep> subspace = spec.has("subspace")
                ? java.util.Optional.of(subspace(spec.child("subspace"))) : java.util.Optional.empty();
        List<MethodSweep> others = MethodTypes.all().stream().filter(type -> spec.has(type.key()))
                .map(type -> type.read(spec.child(type.key()), task)).toList();
        List<Long> seeds = spec.longIntegers("seeds");
        LearningRateSearch search = spec.valid("", () -> new LearningRateSearch(
                spec.integer("learning_rate_extensions", LearningRateSearch.DEFAULT.extensions())));
        EpochBudget budget = spec.valid("", () -> new EpochBudget(
                spec.integer("epoch_extensions", EpochBudget.DEFAULT.extensions())));
        SeedScope scope = spec.choice("seed_scope", SeedScope.TRAINING, SeedScope.class);
        spec.finish();
        return spec.valid("", () -> new ExperimentSpec(name, description, precision, task, full, fullRates, lora, seeds,
                subspace, new Protocol(search, budget, scope), others));
    }

    /**
     * A training method's search settings in its section: {@code learning_rate} (one number or a list to search) and the
     * training keys ({@code epochs}, {@code batch_size}, {@code schedule}, ...), for a {@link MethodType} to read.
     */
    public record Search(List<Double> learningRates, TrainConfig training) {
        /** Reads them from {@code section}, whose errors name {@code key}. */
        public static Search read(SpecNode section, String key) {
            List<Double> rates = SpecReader.learningRates(section);
            return new Search(rates, section.valid(key, () -> TrainConfig.read(section, rates.get(0))));
        }
    }

    /** {@code learning_rate}: one number, or a list of the values to search (the validation metric chooses). */
    static List<Double> learningRates(SpecNode node) {
        List<Double> rates = node.isList("learning_rate") ? node.numbers("learning_rate")
                : List.of(node.number("learning_rate"));
        if (rates.isEmpty()) {
            throw node.error("key '" + (node.path().isEmpty() ? "" : node.path() + ".") + "learning_rate' must list at least "
                    + "one rate");
        }
        return rates;
    }

    /**
     * The lora section. {@code target_modules}, {@code alpha}, {@code modules_to_save} and {@code rank_allocation} each
     * take one value, or a list of values under {@code grid}; the sweep runs every combination. {@code learning_rate} takes one value or a list to search.
     */
    private static LoraSweep lora(SpecNode node) {
        SpecNode grid = node.has("grid") ? node.child("grid") : null;
        List<TargetModules> targetSets = gridOrOne(node, grid, "target_modules",
                () -> node.valid("lora", () -> node.isList("target_modules")
                        ? TargetModules.names(node.texts("target_modules", List.of()))
                        : TargetModules.regex(node.text("target_modules"))),
                (key, v) -> node.valid(key, () -> {
                    if (v.isArray()) {
                        return TargetModules.names(texts(v));
                    }
                    if (v.isTextual()) {
                        return TargetModules.regex(v.asText());
                    }
                    throw new IllegalArgumentException("must be a list of module names or a regular expression");
                }));
        if (grid != null && grid.has("learning_rate")) {
            throw grid.error("key 'lora.grid.learning_rate': learning rates are searched per rank and seed, not a grid"
                    + " dimension; write them as a list under 'lora.learning_rate'");
        }
        List<String> alphaTexts = gridOrOne(node, grid, "alpha",
                () -> node.has("alpha") ? node.text("alpha") : "r", (key, v) -> v.asText());
        List<LoraAlpha> alphas = alphas(node, grid != null && grid.has("alpha") ? "lora.grid.alpha" : "lora.alpha",
                alphaTexts);
        List<Double> rates = learningRates(node);
        List<List<String>> savedSets = gridOrOne(node, grid, "modules_to_save", () -> node.texts("modules_to_save", List.of()),
                (key, v) -> {
                    if (!v.isArray()) {
                        throw node.error("key '" + key + "' must be a list of module names (empty: none)");
                    }
                    return texts(v);
                });
        List<RankAllocation> allocations = gridOrOne(node, grid, "rank_allocation",
                () -> node.valid("lora.rank_allocation", () -> RankAllocation.fromLabel(node.has("rank_allocation")
                        ? node.text("rank_allocation") : RankAllocation.UNIFORM.label())),
                (key, v) -> node.valid(key, () -> RankAllocation.fromLabel(v.asText())));
        if (grid != null) {
            grid.finish();
        }
        TrainConfig training = node.valid("lora", () -> TrainConfig.read(node, rates.get(0)));
        LoraSweep sweep = node.valid("lora", () -> new LoraSweep(node.integers("ranks"), targetSets, alphas, rates,
                node.bool("use_rslora", false), node.number("dropout", 0.0),
                node.choice("init", InitScheme.KAIMING, InitScheme.class), savedSets, training, allocations));
        node.finish();
        return sweep;
    }

    /**
     * The subspace section: {@code dimensions}, {@code target_modules} (names or a regular expression; default every
     * linear module), {@code projection}, {@code said}, and training settings as in {@code lora}.
     */
    private static SubspaceSweep subspace(SpecNode node) {
        TargetModules targets = !node.has("target_modules") ? TargetModules.regex(".*")
                : node.valid("subspace", () -> node.isList("target_modules")
                        ? TargetModules.names(node.texts("target_modules", List.of()))
                        : TargetModules.regex(node.text("target_modules")));
        List<Double> rates = learningRates(node);
        TrainConfig training = node.valid("subspace", () -> TrainConfig.read(node, rates.get(0)));
        SubspaceSweep sweep = node.valid("subspace", () -> new SubspaceSweep(node.integers("dimensions"), targets,
                ProjectionKind.parse(node.text("projection", "auto")), node.bool("said", false), rates, training));
        node.finish();
        return sweep;
    }

    /** The values of a grid key, or the one value given directly; both at once is an error. */
    private static <T> List<T> gridOrOne(SpecNode node, SpecNode grid, String key, Supplier<T> one,
                                         java.util.function.BiFunction<String, JsonNode, T> entry) {
        if (grid == null || !grid.has(key)) {
            return List.of(one.get());
        }
        if (node.has(key)) {
            throw node.error("key 'lora." + key + "' is also in 'lora.grid'; give it in one place");
        }
        return grid.entries(key, entry);
    }

    private static List<String> texts(JsonNode list) {
        List<String> out = new java.util.ArrayList<>();
        list.forEach(e -> out.add(e.asText()));
        return out;
    }

    /** Alpha values: numbers, {@code r}, and {@code rs}, which takes the list's one number (alpha / sqrt(r)). */
    private static List<LoraAlpha> alphas(SpecNode node, String key, List<String> texts) {
        List<Double> numbers = new java.util.ArrayList<>();
        for (String text : texts) {
            if (!text.equals("r") && !text.equals("rs")) {
                try {
                    numbers.add(LoraAlpha.of(Double.parseDouble(text)).fixed().getAsDouble());
                } catch (IllegalArgumentException e) {
                    throw node.error("key '" + key + "' must be a positive number, r or rs, got '" + text + "'");
                }
            }
        }
        List<LoraAlpha> alphas = new java.util.ArrayList<>();
        for (String text : texts) {
            if (text.equals("r")) {
                alphas.add(LoraAlpha.RANK);
            } else if (text.equals("rs")) {
                if (numbers.size() != 1) {
                    throw node.error("key '" + key + "': rs (scaling alpha / sqrt(r)) takes its alpha from the list's one"
                            + " number, as in [16, r, rs]; the list has " + numbers.size());
                }
                alphas.add(LoraAlpha.rs(numbers.get(0)));
            } else {
                alphas.add(LoraAlpha.of(Double.parseDouble(text)));
            }
        }
        return alphas;
    }
}
