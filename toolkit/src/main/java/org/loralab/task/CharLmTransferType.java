package org.loralab.task;

import java.nio.file.Path;
import org.loralab.data.FortuneCorpus;
import org.loralab.spec.SpecKey;
import org.loralab.spec.SpecNode;
import org.loralab.train.TrainConfig;

/** {@code task.type: charlm-transfer}: {@link CharLmTransferConfig}. */
public final class CharLmTransferType implements TaskType {

    @Override
    public String name() {
        return "charlm-transfer";
    }

    /** Vocabulary sizes already counted, by corpora and threshold: reading the corpora takes most of a spec check. */
    private static final java.util.Map<java.util.List<Object>, Integer> VOCABULARY = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The tokenizer's size for these corpora: counted once per folder pair, threshold and folder modification times
     * (a corpus package reinstalled or changed gives new times, so it is counted again).
     */
    private static int vocabSize(Path sourceDir, Path targetDir, int minCount) {
        java.util.List<Object> key;
        try {
            key = java.util.List.of(sourceDir.toAbsolutePath().normalize(), targetDir.toAbsolutePath().normalize(), minCount,
                    java.nio.file.Files.getLastModifiedTime(sourceDir), java.nio.file.Files.getLastModifiedTime(targetDir));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return VOCABULARY.computeIfAbsent(key, k -> CharLmTransferConfig.tokenizer(FortuneCorpus.read(sourceDir),
                FortuneCorpus.read(targetDir), minCount).vocabSize());
    }

    @Override
    public java.util.List<SpecKey> keys() {
        return java.util.List.of(
                SpecKey.optional("source_dir", "folder", FortuneCorpus.ENGLISH.toString(), "fortunes of the pretraining "
                        + "language (Debian's fortunes)"),
                SpecKey.optional("target_dir", "folder", FortuneCorpus.GERMAN.toString(), "fortunes of the new language "
                        + "(Debian's fortunes-de)"),
                SpecKey.required("context_length", "integer >= 1", "characters per training window"),
                SpecKey.required("width", "integer >= 1, a multiple of heads", "the transformer's width (MLP: 4 x width)"),
                SpecKey.required("layers", "integer >= 1", "transformer blocks"),
                SpecKey.required("heads", "integer >= 1", "attention heads per block"),
                SpecKey.optional("min_count", "integer >= 1", "20", "a character enters the vocabulary when both corpora "
                        + "together have it this often (the rest share one token)"),
                SpecKey.optional("validation_fraction", "number in (0, 1)", "0.1", "share of each corpus's entries held out "
                        + "for validation"),
                SpecKey.optional("test_fraction", "number in (0, 1 - validation_fraction)", "validation_fraction",
                        "share of the new language's entries held out for test"),
                SpecKey.required("source_chars", "integer > context_length", "pretraining characters used"),
                SpecKey.required("target_chars", "integer > context_length", "fine-tuning characters used"),
                SpecKey.required("validation_chars", "integer > context_length", "validation characters of each language"),
                SpecKey.optional("test_chars", "integer > context_length", "validation_chars", "test characters of the new "
                        + "language (and held-out characters of the old one, for forgetting)"),
                SpecKey.required("pretrain", "section", "the pretraining on the first language: learning_rate (one number) "
                        + "and the training keys, as pretrain.<key>"),
                SpecKey.required("seed", "integer", "draws the split, the entry order and the initial weights"),
                SpecKey.optional("pretrain_snapshots", "list of epochs in [0, pretrain.epochs]", "[]", "points of the "
                        + "pretraining run (0: the initialisation; fractions allowed) whose weights it keeps beside its end"),
                SpecKey.optional("base_epochs", "pretrain.epochs or one of pretrain_snapshots", "pretrain.epochs",
                        "the point of the pretraining run taken as the base model"));
    }

    @Override
    public TaskConfig read(SpecNode node) {
        Path sourceDir = node.folder("source_dir", FortuneCorpus.ENGLISH, "fortunes");
        Path targetDir = node.folder("target_dir", FortuneCorpus.GERMAN, "fortunes-de");
        int minCount = node.integer("min_count", 20);
        int vocabSize = node.valid("task.min_count", () -> vocabSize(sourceDir, targetDir, minCount));
        TrainConfig pretrain = TrainConfig.read(node, "pretrain");
        CharLmTransferConfig config = node.valid("task", () -> new CharLmTransferConfig(sourceDir, targetDir,
                node.integer("context_length"), node.integer("width"), node.integer("layers"), node.integer("heads"),
                minCount, vocabSize, node.number("validation_fraction", 0.1),
                node.number("test_fraction", node.number("validation_fraction", 0.1)), node.integer("source_chars"),
                node.integer("target_chars"), node.integer("validation_chars"),
                node.integer("test_chars", node.integer("validation_chars")), pretrain, node.longInteger("seed"),
                node.has("pretrain_snapshots") ? node.numbers("pretrain_snapshots") : java.util.List.of(),
                node.number("base_epochs", pretrain.epochs())));
        node.finish();
        return config;
    }
}
