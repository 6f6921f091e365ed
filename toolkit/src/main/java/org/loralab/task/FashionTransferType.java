package org.loralab.task;

import java.nio.file.Path;
import org.loralab.data.FashionMnist;
import org.loralab.nn.Activation;
import org.loralab.spec.SpecNode;
import org.loralab.train.TrainConfig;

/** {@code task.type: fashion-mnist-transfer}: {@link FashionTransferConfig}. */
public final class FashionTransferType implements TaskType {

    @Override
    public String name() {
        return "fashion-mnist-transfer";
    }

    @Override
    public TaskConfig read(SpecNode node) {
        Path dataDir = node.folder("data_dir", FashionMnist.DEBIAN_DIR, "dataset-fashion-mnist");
        TrainConfig pretrain = TrainConfig.read(node, "pretrain");
        TrainConfig probe = TrainConfig.read(node, "probe");
        FashionTransferConfig config = node.valid("task", () -> new FashionTransferConfig(dataDir,
                node.integers("source_classes"), node.integers("target_classes"), node.integers("hidden_sizes"),
                node.choice("activation", Activation.RELU, Activation.class), node.integer("train_size"),
                node.integer("validation_size", node.integer("test_size")), node.integer("test_size"), pretrain, probe, node.longInteger("seed")));
        node.finish();
        return config;
    }
}
