package org.loralab.sweep;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.loralab.BadInputException;
import org.loralab.data.FashionMnist;
import org.loralab.data.FortuneCorpus;
import org.loralab.lora.InitScheme;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Activation;
import org.loralab.nn.MlpConfig;
import org.loralab.task.CharLmTransferConfig;
import org.loralab.task.FashionTransferConfig;
import org.loralab.task.PlantedRankConfig;
import org.loralab.task.TaskConfig;
import org.loralab.train.AdamConfig;
import org.loralab.train.LearningRateSchedule;
import org.loralab.train.TrainConfig;

/**
 * Reads an experiment spec from YAML. Unknown keys, wrong types and invalid values are
 * {@link BadInputException}s whose message names the file and the key. The format is documented
 * in {@code experiments/planted-rank.yaml}.
 */
public final class SpecReader {
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private SpecReader() {
    }

    public static ExperimentSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + ": no such file");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
        return parse(text, file.toString(), defaultName(file));
    }

    /** Parses spec text; {@code source} names it in errors, {@code fallbackName} is used when it has no name. */
    public static ExperimentSpec parse(String text, String source, String fallbackName) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadInputException(source + ": not valid YAML: " + e.getOriginalMessage());
        }
        SpecNode spec = new SpecNode(source, "", root);
        String name = spec.text("name", fallbackName);
        String description = spec.text("description", "");
        Precision precision = spec.choice("precision", Precision.FLOAT32, Precision.class);
        TaskConfig task = task(spec.child("task"));
        SpecNode fullNode = spec.child("full");
        TrainConfig full = valid(spec, "full", () -> training(fullNode));
        fullNode.finish();
        LoraSweep lora = lora(spec.child("lora"));
        List<Long> seeds = spec.longIntegers("seeds");
        spec.finish();
        return valid(spec, "", () -> new ExperimentSpec(name, description, precision, task, full, lora, seeds));
    }

    private static TaskConfig task(SpecNode node) {
        String type = node.text("type", "planted-rank");
        if (type.equals("fashion-mnist-transfer")) {
            return fashionTransfer(node);
        }
        if (type.equals("charlm-transfer")) {
            return charLmTransfer(node);
        }
        if (!type.equals("planted-rank")) {
            throw node.error("key 'task.type' must be planted-rank, fashion-mnist-transfer or charlm-transfer, got '" + type
                    + "'");
        }
        MlpConfig model = valid(node, "task", () -> new MlpConfig(node.integer("input_size"), node.integers("hidden_sizes"),
                node.integer("output_size"), node.choice("activation", Activation.TANH, Activation.class)));
        PlantedRankConfig config = valid(node, "task", () -> new PlantedRankConfig(model, node.texts("planted_modules", null),
                node.numbers("singular_values"), node.integer("train_size"), node.integer("test_size"),
                node.longInteger("seed")));
        node.finish();
        return config;
    }

    private static FashionTransferConfig fashionTransfer(SpecNode node) {
        Path dataDir = folder(node, "data_dir", FashionMnist.DEBIAN_DIR, "dataset-fashion-mnist");
        TrainConfig pretrain = pretraining(node);
        SpecNode probeNode = node.child("probe");
        TrainConfig probe = valid(node, "task.probe", () -> training(probeNode));
        probeNode.finish();
        FashionTransferConfig config = valid(node, "task", () -> new FashionTransferConfig(dataDir,
                node.integers("source_classes"), node.integers("target_classes"), node.integers("hidden_sizes"),
                node.choice("activation", Activation.RELU, Activation.class), node.integer("train_size"),
                node.integer("test_size"), pretrain, probe, node.longInteger("seed")));
        node.finish();
        return config;
    }

    private static CharLmTransferConfig charLmTransfer(SpecNode node) {
        Path sourceDir = folder(node, "source_dir", FortuneCorpus.ENGLISH, "fortunes");
        Path targetDir = folder(node, "target_dir", FortuneCorpus.GERMAN, "fortunes-de");
        int minCount = node.integer("min_count", 20);
        int vocabSize = valid(node, "task.min_count", () -> CharLmTransferConfig.tokenizer(FortuneCorpus.read(sourceDir),
                FortuneCorpus.read(targetDir), minCount).vocabSize());
        TrainConfig pretrain = pretraining(node);
        CharLmTransferConfig config = valid(node, "task", () -> new CharLmTransferConfig(sourceDir, targetDir,
                node.integer("context_length"), node.integer("width"), node.integer("layers"), node.integer("heads"),
                minCount, vocabSize, node.number("validation_fraction", 0.1), node.integer("source_chars"),
                node.integer("target_chars"), node.integer("validation_chars"), pretrain, node.longInteger("seed")));
        node.finish();
        return config;
    }

    /** A data folder named by {@code key} (or {@code fallback}), which must exist. */
    private static Path folder(SpecNode node, String key, Path fallback, String debianPackage) {
        Path dir = Path.of(node.text(key, fallback.toString()));
        if (!Files.isDirectory(dir)) {
            throw node.error("key 'task." + key + "': " + dir + " does not exist (on Debian: apt-get install " + debianPackage
                    + ")");
        }
        return dir;
    }

    private static TrainConfig pretraining(SpecNode node) {
        SpecNode pretrainNode = node.child("pretrain");
        TrainConfig pretrain = valid(node, "task.pretrain", () -> training(pretrainNode));
        pretrainNode.finish();
        return pretrain;
    }

    /** Training settings, shared by the full and lora sections. */
    private static TrainConfig training(SpecNode node) {
        return training(node, node.number("learning_rate"));
    }

    private static TrainConfig training(SpecNode node, double lr) {
        double decay = node.number("weight_decay", 0.0);
        String optimizer = node.text("optimizer", "adam");
        if (!List.of("adam", "adamw").contains(optimizer)) {
            throw node.error("optimizer must be adam or adamw, got '" + optimizer + "'");
        }
        AdamConfig adam = new AdamConfig(lr, 0.9, 0.999, 1e-8, decay, optimizer.equals("adamw"));
        LearningRateSchedule schedule = node.choice("schedule", LearningRateSchedule.CONSTANT, LearningRateSchedule.class);
        return new TrainConfig(node.integer("epochs"), node.integer("batch_size"), adam, schedule, 0L);
    }

    /**
     * The lora section. {@code target_modules}, {@code alpha} and {@code learning_rate} each take one value, or a
     * list of values under {@code grid}; the sweep runs every combination.
     */
    private static LoraSweep lora(SpecNode node) {
        SpecNode grid = node.has("grid") ? node.child("grid") : null;
        List<TargetModules> targetSets = gridOrOne(node, grid, "target_modules",
                () -> valid(node, "lora", () -> node.isList("target_modules")
                        ? TargetModules.names(node.texts("target_modules", List.of()))
                        : TargetModules.regex(node.text("target_modules"))),
                (key, v) -> valid(node, key, () -> {
                    if (v.isArray()) {
                        return TargetModules.names(texts(v));
                    }
                    if (v.isTextual()) {
                        return TargetModules.regex(v.asText());
                    }
                    throw new IllegalArgumentException("must be a list of module names or a regular expression");
                }));
        List<LoraAlpha> alphas = gridOrOne(node, grid, "alpha",
                () -> node.has("alpha") ? alpha(node, "lora.alpha", node.text("alpha")) : LoraAlpha.RANK,
                (key, v) -> alpha(node, key, v.asText()));
        List<Double> rates = gridOrOne(node, grid, "learning_rate", () -> node.number("learning_rate"), (key, v) -> {
            if (!v.isNumber()) {
                throw node.error("key '" + key + "' must be a number, got '" + v.asText() + "'");
            }
            return v.doubleValue();
        });
        if (grid != null) {
            grid.finish();
        }
        TrainConfig training = valid(node, "lora", () -> training(node, rates.get(0)));
        LoraSweep sweep = valid(node, "lora", () -> new LoraSweep(node.integers("ranks"), targetSets, alphas, rates,
                node.bool("use_rslora", false), node.number("dropout", 0.0),
                node.choice("init", InitScheme.KAIMING, InitScheme.class), node.texts("modules_to_save", List.of()), training));
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

    private static LoraAlpha alpha(SpecNode node, String key, String text) {
        if (text.equals("r")) {
            return LoraAlpha.RANK;
        }
        try {
            return LoraAlpha.of(Double.parseDouble(text));
        } catch (IllegalArgumentException e) {
            throw node.error("key '" + key + "' must be a positive number or r, got '" + text + "'");
        }
    }

    /** Runs a constructor, turning its IllegalArgumentException into an error naming the section. */
    private static <T> T valid(SpecNode node, String section, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw node.error((section.isEmpty() ? "" : section + ": ") + e.getMessage());
        }
    }

    private static String defaultName(Path file) {
        String n = file.getFileName().toString();
        return n.replaceFirst("\\.ya?ml$", "");
    }
}
