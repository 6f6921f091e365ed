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

    @Override
    public TaskConfig read(SpecNode node) {
        Path sourceDir = node.folder("source_dir", FortuneCorpus.ENGLISH, "fortunes");
        Path targetDir = node.folder("target_dir", FortuneCorpus.GERMAN, "fortunes-de");
        int minCount = node.integer("min_count", 20);
        int vocabSize = node.valid("task.min_count", () -> CharLmTransferConfig.tokenizer(FortuneCorpus.read(sourceDir),
                FortuneCorpus.read(targetDir), minCount).vocabSize());
        TrainConfig pretrain = TrainConfig.read(node, "pretrain");
        CharLmTransferConfig config = node.valid("task", () -> new CharLmTransferConfig(sourceDir, targetDir,
                node.integer("context_length"), node.integer("width"), node.integer("layers"), node.integer("heads"),
                minCount, vocabSize, node.number("validation_fraction", 0.1),
                node.number("test_fraction", node.number("validation_fraction", 0.1)), node.integer("source_chars"),
                node.integer("target_chars"), node.integer("validation_chars"),
                node.integer("test_chars", node.integer("validation_chars")), pretrain, node.longInteger("seed")));
        node.finish();
        return config;
    }
}
