package org.loralab.task;

import org.loralab.nn.Activation;
import org.loralab.nn.MlpConfig;
import org.loralab.spec.SpecKey;
import org.loralab.spec.SpecNode;

/** {@code task.type: planted-rank}: {@link PlantedRankConfig}, a teacher with updates of known rank. */
public final class PlantedRankType implements TaskType {

    @Override
    public String name() {
        return "planted-rank";
    }

    @Override
    public java.util.List<org.loralab.spec.SpecKey> keys() {
        return java.util.List.of(
                SpecKey.required("input_size", "integer >= 1", "features of the teacher's (and student's) input"),
                SpecKey.required("hidden_sizes", "list of integers >= 1", "widths of the hidden layers (layers.0, ...)"),
                SpecKey.required("output_size", "integer >= 1", "outputs of the regression (module head)"),
                SpecKey.optional("activation", "tanh | relu", "tanh", "the hidden layers' nonlinearity"),
                SpecKey.required("planted_modules", "list of module names", "the modules whose teacher update dW* is planted"),
                SpecKey.required("singular_values", "list of numbers > 0", "the singular values of every planted dW*: "
                        + "its rank r* is their count"),
                SpecKey.required("train_size", "integer >= 1", "training examples"),
                SpecKey.optional("validation_size", "integer >= 1", "test_size", "validation examples (what chooses)"),
                SpecKey.required("test_size", "integer >= 1", "test examples (what reports)"),
                SpecKey.required("seed", "integer", "draws the teacher, the base model, the planted updates and the data"));
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
