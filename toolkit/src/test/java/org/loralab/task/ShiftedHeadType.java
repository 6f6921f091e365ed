package org.loralab.task;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.ejml.data.DMatrixRMaj;
import org.loralab.data.Dataset;
import org.loralab.nn.Activation;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.Model;
import org.loralab.nn.RandomArrays;
import org.loralab.spec.SpecNode;
import org.loralab.train.Loss;
import org.loralab.train.MeanSquaredError;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A task added the way a user adds one: this class and one line in {@code META-INF/services/org.loralab.task.TaskType}
 * (here under src/test/resources). A linear model whose teacher's weight is shifted by a random rank-one matrix;
 * {@code task.type: shifted-head}, keys {@code size}, {@code examples} and {@code seed}.
 */
public final class ShiftedHeadType implements TaskType {

    @Override
    public String name() {
        return "shifted-head";
    }

    @Override
    public TaskConfig read(SpecNode node) {
        Config config = node.valid("task", () -> new Config(node.integer("size"), node.integer("examples"),
                node.longInteger("seed")));
        node.finish();
        return config;
    }

    @Override
    public List<org.loralab.spec.SpecKey> keys() {
        return List.of(org.loralab.spec.SpecKey.required("size", "integer >= 2", "inputs and outputs of the linear model"),
                org.loralab.spec.SpecKey.required("examples", "integer >= 1", "training and test inputs each"),
                org.loralab.spec.SpecKey.required("seed", "integer", "draws the teacher and the data"));
    }

    /** The task's settings: the model is size -> size, trained and tested on {@code examples} inputs each. */
    record Config(int size, int examples, long seed) implements TaskConfig {
        Config {
            if (size < 2 || examples < 1) {
                throw new IllegalArgumentException("size must be >= 2 and examples >= 1, got " + size + ", " + examples);
            }
        }

        @Override
        public Config withSeed(long newSeed) {
            return new Config(size, examples, newSeed);
        }

        @Override
        public MlpConfig model() {
            return new MlpConfig(size, List.of(), size, Activation.TANH);
        }

        @Override
        public Task build(DataType dtype, Path cacheDir, Consumer<String> progress) {
            SplittableRandom rng = new SplittableRandom(seed);
            Mlp base = Mlp.initialize(model(), dtype, rng.nextLong());
            Mlp teacher = base.copy();
            INDArray u = RandomArrays.normal(rng, 0, 1, dtype, size, 1);
            INDArray v = RandomArrays.normal(rng, 0, 1, dtype, 1, size);
            teacher.module(MlpConfig.HEAD).base().weight().value().addi(u.mmul(v));
            Dataset train = label(teacher, RandomArrays.normal(rng, 0, 1, dtype, examples, size));
            Dataset test = label(teacher, RandomArrays.normal(rng, 0, 1, dtype, examples, size));
            Dataset validation = label(teacher, RandomArrays.normal(rng, 0, 1, dtype, examples, size));
            return new Task() {
                private final Loss loss = new MeanSquaredError();

                @Override
                public Model baseModel() {
                    return base.copy();
                }

                @Override
                public Dataset train() {
                    return train;
                }

                @Override
                public Dataset validation() {
                    return validation;
                }

                @Override
                public Dataset test() {
                    return test;
                }

                @Override
                public Loss loss() {
                    return loss;
                }

                @Override
                public Map<String, DMatrixRMaj> plantedUpdates() {
                    return Map.of();
                }
            };
        }

        private static Dataset label(Mlp teacher, INDArray inputs) {
            return new Dataset(inputs, teacher.forward(inputs, false));
        }

        @Override
        public String summary() {
            return "inputs x ~ N(0, I); targets from a linear teacher whose weight is shifted by a rank-one matrix.";
        }

        @Override
        public String metricName() {
            return "minus the held-out mean squared error";
        }
    }
}
