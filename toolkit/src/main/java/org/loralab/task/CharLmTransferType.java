package org.loralab.task;

import java.nio.file.Path;
import org.loralab.data.FortuneCorpus;
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
