package org.loralab.experiment;

import java.util.ArrayList;
import java.util.List;
import org.loralab.spec.SpecKey;
import org.loralab.task.TaskType;
import org.loralab.task.TaskTypes;
import org.loralab.train.TrainConfig;

/**
 * Every key of an experiment spec, by section: what {@link SpecReader}, the task types and the training methods read,
 * with type, default and meaning. {@code docs/spec-reference.md} is {@link #markdown()}, and a test holds the keys here
 * equal to the keys the readers ask for, so that neither the reference nor the readers drift.
 *
 * @param sections the spec's sections in reference order
 */
public record SpecSchema(List<Section> sections) {
    /** A section's learning rate: one number, or the list a method searches (the validation set chooses). */
    public static final SpecKey LEARNING_RATES = SpecKey.required("learning_rate", "number > 0, or a list of them",
            "one rate, or the rates searched per rank and seed (extended past an end of the list where the best is there)");
    /** The type of a key that is a training section: learning_rate (one number) and {@link TrainConfig#KEYS}. */
    public static final String TRAINING_SECTION = "training section";

    /**
     * One section.
     *
     * @param path  where it is ({@code lora}, {@code task}; empty for the top level)
     * @param title its heading
     * @param note  what it is for, one paragraph
     * @param keys  its keys
     */
    public record Section(String path, String title, String note, List<SpecKey> keys) {
        public Section {
            keys = List.copyOf(keys);
        }
    }

    public SpecSchema {
        sections = List.copyOf(sections);
    }

    /** The schema of the registered task types and training methods (test-only ones included on a test class path). */
    public static SpecSchema registered() {
        return of(TaskTypes.all(), MethodTypes.all());
    }

    /** The schema of the toolkit's own task types and methods, which the committed reference documents. */
    public static SpecSchema builtIn() {
        return of(TaskTypes.all().stream().filter(SpecSchema::ownType).toList(),
                MethodTypes.all().stream().filter(SpecSchema::ownType).toList());
    }

    private static boolean ownType(Object type) {
        return type.getClass().getProtectionDomain().getCodeSource() == SpecSchema.class.getProtectionDomain().getCodeSource();
    }

    private static SpecSchema of(List<TaskType> taskTypes, List<MethodType> methods) {
        List<Section> s = new ArrayList<>();
        List<SpecKey> top = new ArrayList<>(List.of(
                SpecKey.optional("name", "letters, digits, '.', '_', '-'", "the file name without .yaml",
                        "short name; the default output folder is reports/<name>/"),
                SpecKey.optional("description", "text", "empty", "one line for the report"),
                SpecKey.optional("precision", "float32 | float64", "float32", "the float type training uses"),
                SpecKey.required("task", "section", "the task: its type and settings (below)"),
                SpecKey.required("full", "section", "full fine-tuning of every parameter (below)"),
                SpecKey.required("lora", "section", "the LoRA sweep: ranks x configurations (below)"),
                SpecKey.optional("subspace", "section", "none", "the random-subspace sweep (intrinsic dimension, below)")));
        methods.forEach(m -> top.add(SpecKey.optional(m.key(), "section", "none", "the registered training method "
                + m.key() + " (below)")));
        top.addAll(List.of(
                SpecKey.required("seeds", "list of distinct integers", "every method runs once per seed"),
                SpecKey.optional("learning_rate_extensions", "integer >= 0", String.valueOf(LearningRateSearch.DEFAULT
                        .extensions()), "how often a search adds a rate past an end of its list while the best is there"),
                SpecKey.optional("epoch_extensions", "integer >= 0", String.valueOf(EpochBudget.DEFAULT.extensions()),
                        "how often a search doubles its epochs while the best epoch is the last"),
                SpecKey.optional("seed_scope", "training | all", "training", "what a seed varies: the training's "
                        + "randomness only, or also the task's data and base model")));
        s.add(new Section("", "Top level", "The keys of the spec itself; a `study` section (see the end) makes it a study.",
                top));
        s.add(new Section("task", "task", "Every task has a type; the other keys depend on it.", List.of(
                SpecKey.optional("type", String.join(" | ", taskTypes.stream().map(TaskType::name).toList()),
                        TaskTypes.DEFAULT, "the kind of task"))));
        for (TaskType t : taskTypes) {
            s.add(new Section("task", "task, type " + t.name(), "Keys of `task` when `type: " + t.name() + "`.", t.keys()));
        }
        s.add(new Section("task.pretrain", "task.pretrain, task.probe", "A task's " + TRAINING_SECTION + "s: how its base "
                + "model is trained before any fine-tuning.", trainingKeys(SpecKey.required("learning_rate", "number > 0",
                "the learning rate"))));
        s.add(new Section("full", "full", "Full fine-tuning of every parameter from the base model.",
                trainingKeys(LEARNING_RATES)));
        List<SpecKey> lora = new ArrayList<>(List.of(
                SpecKey.required("ranks", "list of integers >= 1", "the ranks swept, each at most min(out, in) of every "
                        + "target module; truncation of the full update runs at the same ranks"),
                SpecKey.required("target_modules", "list of module names, or a regular expression", "the modules that get "
                        + "adapters (or a grid dimension under grid)"),
                SpecKey.optional("alpha", "number > 0 | r | rs", "r", "lora_alpha: a number (scaling alpha / r), r "
                        + "(scaling 1), rs (alpha / sqrt(r) with the list's one number); or a grid dimension"),
                SpecKey.optional("modules_to_save", "list of module names or globs", "[]", "modules trained in full "
                        + "beside the adapters, as PEFT's modules_to_save; or a grid dimension"),
                SpecKey.optional("rank_allocation", "uniform | energy", "uniform", "the same rank in every module, or "
                        + "ranks allocated from the full update's spectrum at the same parameter count; or a grid dimension"),
                SpecKey.optional("use_rslora", "true | false", "false", "rank-stabilised scaling alpha / sqrt(r)"),
                SpecKey.optional("dropout", "number in [0, 1)", "0", "dropout on the adapters' input while training"),
                SpecKey.optional("init", "kaiming | gaussian", "kaiming", "how A starts (B starts at zero)"),
                SpecKey.optional("grid", "section", "none", "lists of target_modules, alpha, modules_to_save, "
                        + "rank_allocation: every combination is a configuration, trained at every rank and seed")));
        lora.addAll(trainingKeys(LEARNING_RATES));
        s.add(new Section("lora", "lora", "LoRA at every rank, in each configuration; the validation set chooses the "
                + "learning rate per rank and seed, and the configuration.", lora));
        s.add(new Section("lora.grid", "lora.grid", "Grid dimensions: each key a list of the values its key takes in "
                + "`lora` (a key is in one place or the other). learning_rate is never a grid dimension: it is searched.",
                List.of(SpecKey.optional("target_modules", "list of target sets", "none", "target sets to compare"),
                        SpecKey.optional("alpha", "list of alpha values", "none", "alpha rules to compare"),
                        SpecKey.optional("modules_to_save", "list of lists", "none", "modules_to_save choices to compare"),
                        SpecKey.optional("rank_allocation", "list of uniform | energy", "none", "allocations to compare"),
                        SpecKey.optional("learning_rate", "refused", "none", "an error that says where learning rates go"))));
        List<SpecKey> subspace = new ArrayList<>(List.of(
                SpecKey.required("dimensions", "list of integers >= 1, at most the target modules' weights and biases",
                        "the dimensions d swept: only theta_d in theta_0 + P theta_d trains"),
                SpecKey.optional("target_modules", "list of module names, or a regular expression", ".* (every linear "
                        + "module)", "the modules whose weights and biases P reaches"),
                SpecKey.optional("projection", "auto | dense | fastfood", "auto", "P: a dense Gaussian matrix, the "
                        + "Fastfood transform, or dense while small"),
                SpecKey.optional("said", "true | false", "false", "SAID's per-tensor scales (Aghajanyan et al.)")));
        subspace.addAll(trainingKeys(LEARNING_RATES));
        s.add(new Section("subspace", "subspace", "Training in a random subspace (Li et al. 2018): d90 beside r90.",
                subspace));
        for (MethodType m : methods) {
            s.add(new Section(m.key(), m.key(), "A registered training method.", m.keys()));
        }
        s.add(new Section("study", "study", "Makes the spec a study: each value of a setting is the spec with that key "
                + "set, run as an experiment of its own; a list of such mappings varies several settings, each alone.",
                List.of(SpecKey.required("vary", "a dotted spec key", "the setting varied, such as task.width"),
                        SpecKey.required("values", "list of at least two distinct numbers", "its values"),
                        SpecKey.optional("with", "mapping of dotted keys to lists", "none", "keys that change with the "
                                + "value, one entry per value; ~ removes the key for that value"))));
        return new SpecSchema(s);
    }

    private static List<SpecKey> trainingKeys(SpecKey learningRate) {
        List<SpecKey> keys = new ArrayList<>(List.of(learningRate));
        keys.addAll(TrainConfig.KEYS);
        return keys;
    }

    /** Every key's full path (sections with the keys a reader can ask for), as the readers name them. */
    public List<String> paths() {
        List<String> out = new ArrayList<>();
        for (Section section : sections) {
            if (section.path().equals("study")) {
                continue; // read by the study reader, before any spec reader
            }
            List<String> prefixes = section.path().equals("task.pretrain") ? List.of("task.pretrain", "task.probe")
                    : List.of(section.path());
            for (String prefix : prefixes) {
                section.keys().forEach(k -> out.add(prefix.isEmpty() ? k.name() : prefix + "." + k.name()));
            }
        }
        return out.stream().distinct().toList();
    }

    /** The reference as Markdown: a table per section. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# Spec reference\n\nGenerated by `./loralab reference --spec > "
                + "docs/spec-reference.md` from the spec schema in the code (`experiment.SpecSchema`, the task types' and "
                + "methods' own key lists); a test holds the schema equal to the keys the readers ask for, and this file "
                + "equal to the schema. A key not listed is an error that names it. Defaults that name another key take "
                + "that key's value.\n");
        for (Section section : sections) {
            md.append("\n## ").append(section.title()).append("\n\n").append(section.note()).append("\n\n")
                    .append("| key | type | default | meaning |\n|---|---|---|---|\n");
            for (SpecKey k : section.keys()) {
                md.append("| `").append(k.name()).append("` | ").append(cell(k.type())).append(" | ").append(cell(k.fallback()))
                        .append(" | ").append(cell(k.meaning())).append(" |\n");
            }
        }
        return md.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }
}
