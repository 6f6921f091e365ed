package org.loralab.task;

import java.nio.file.Path;
import org.loralab.data.FashionMnist;
import org.loralab.nn.Activation;
import org.loralab.spec.SpecKey;
import org.loralab.spec.SpecNode;
import org.loralab.train.TrainConfig;

/** {@code task.type: fashion-mnist-transfer}: {@link FashionTransferConfig}. */
public final class FashionTransferType implements TaskType {

    @Override
    public String name() {
        return "fashion-mnist-transfer";
    }

    @Override
    public java.util.List<SpecKey> keys() {
        java.util.List<SpecKey> keys = new java.util.ArrayList<>(java.util.List.of(
                SpecKey.optional("data_dir", "folder", FashionMnist.DEBIAN_DIR.toString(), "Fashion-MNIST's IDX files "
                        + "(Debian's dataset-fashion-mnist)"),
                SpecKey.required("source_classes", "list of classes 0-9", "the classes the base model is pretrained on"),
                SpecKey.required("target_classes", "list of classes 0-9, none of the source's", "the new classes fine-tuning learns"),
                SpecKey.required("hidden_sizes", "list of integers >= 1", "the MLP's hidden widths (layers.0, ...)"),
                SpecKey.optional("activation", "tanh | relu", "relu", "the hidden layers' nonlinearity"),
                SpecKey.required("train_size", "integer >= 1", "training images per task (at most what the classes offer)"),
                SpecKey.optional("validation_size", "integer >= 1", "test_size", "validation images of the new classes"),
                SpecKey.required("test_size", "integer >= 1", "test images of the new classes (from the test file)"),
                SpecKey.required("pretrain", "section", "training of the base model on the source classes: learning_rate "
                        + "(one number) and the training keys below, as pretrain.<key>"),
                SpecKey.required("probe", "section", "training of the new head on frozen features (the linear probe): "
                        + "learning_rate and the training keys, as probe.<key>"),
                SpecKey.required("seed", "integer", "draws the images, their order and the initial weights")));
        return keys;
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
