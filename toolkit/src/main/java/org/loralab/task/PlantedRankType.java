package org.loralab.task;

import org.loralab.nn.Activation;
import org.loralab.nn.MlpConfig;
import org.loralab.spec.SpecNode;

/** {@code task.type: planted-rank}: {@link PlantedRankConfig}, a teacher with updates of known rank. */
public final class PlantedRankType implements TaskType {

    @Override
    public String name() {
        return "planted-rank";
    }

    @Override
    public TaskConfig read(SpecNode node) {
        MlpConfig model = node.valid("task", () -> new MlpConfig(node.integer("input_size"), node.integers("hidden_sizes"),
                node.integer("output_size"), node.choice("activation", Activation.TANH, Activation.class)));
        PlantedRankConfig config = node.valid("task", () -> new PlantedRankConfig(model, node.texts("planted_modules", null),
                node.numbers("singular_values"), node.integer("train_size"),
                node.integer("validation_size", node.integer("test_size")), node.integer("test_size"),
                node.longInteger("seed")));
        node.finish();
        return config;
    }
}
