package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loralab.data.Dataset;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.LoraLinear;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Activation;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class TrainerTest {
    private static final MlpConfig CONFIG = new MlpConfig(8, List.of(16), 4, Activation.TANH);
    private static final Loss MSE = new MeanSquaredError();

    private static Dataset data(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Mlp teacher = Mlp.initialize(CONFIG, DataType.FLOAT, 99);
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.FLOAT, 256, 8);
        return new Dataset(x, teacher.forward(x, false));
    }

    private static TrainConfig config(double lr) {
        return new TrainConfig(5, 32, AdamConfig.adam(lr), LearningRateSchedule.CONSTANT, 7);
    }

    /**
     * A validation metric that only falls after the second epoch: with patience 2 training stops after epoch 4 and puts
     * back exactly the weights of epoch 2; without patience it runs all 5 epochs.
     */
    @Test
    void earlyStoppingKeepsTheBestValidationEpochsWeights() {
        Mlp model = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        int[] epoch = {0};
        INDArray[] atEpoch2 = new INDArray[1];
        TrainConfig patient = new TrainConfig(5, 32, AdamConfig.adam(0.01), LearningRateSchedule.CONSTANT, 7, 2);
        TrainingResult result = Trainer.train(model, data(1), patient, MSE, TrainingProgress.NONE, m -> {
            epoch[0]++;
            if (epoch[0] == 2) {
                atEpoch2[0] = m.module("layers.0").base().weight().value().dup();
            }
            return epoch[0] <= 2 ? epoch[0] : -epoch[0];
        });
        assertThat(result.epochLosses()).hasSize(4);
        assertThat(result.keptEpoch()).isEqualTo(2);
        assertThat(result.validationMetric()).isEqualTo(2.0);
        assertThat(model.module("layers.0").base().weight().value()).isEqualTo(atEpoch2[0]);

        Mlp unstopped = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        TrainingResult all = Trainer.train(unstopped, data(1), config(0.01), MSE);
        assertThat(all.epochLosses()).hasSize(5);
        assertThat(all.keptEpoch()).isEqualTo(5);
        assertThat(result.epochLosses()).isEqualTo(all.epochLosses().subList(0, 4)); // the same run until it stopped
    }

    /** Evaluation in batches reads each slice of rows from its own place (slices are views with offsets). */
    @Test
    void evaluationInBatchesEqualsOneBatch() {
        Mlp model = Mlp.initialize(CONFIG, DataType.FLOAT, 5);
        Dataset data = data(2);
        double whole = Trainer.evaluate(model, data, MSE, 256);
        assertThat(Trainer.evaluate(model, data, MSE, 48)).isCloseTo(whole, org.assertj.core.data.Offset.offset(1e-6 * whole));
    }

    @Test
    void loraTrainingLeavesBaseWeightsBitwiseUnchanged() {
        Mlp model = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        Map<String, INDArray> before = model.copy().weights();
        Map<String, INDArray> biases = Map.of("layers.0", model.module("layers.0").base().bias().value().dup());
        LoraInjector.inject(model, "a", LoraConfig.of(2, TargetModules.names("layers.0", "head")), 3);
        double lossBefore = Trainer.evaluate(model, data(1), MSE);
        TrainingResult result = Trainer.train(model, data(1), config(0.01), MSE);
        assertThat(result.steps()).isEqualTo(5 * 8);
        assertThat(Trainer.evaluate(model, data(1), MSE)).isLessThan(lossBefore);
        for (String name : before.keySet()) {
            assertThat(model.module(name).base().weight().value()).as(name).isEqualTo(before.get(name));
        }
        assertThat(model.module("layers.0").base().bias().value()).isEqualTo(biases.get("layers.0"));
    }

    @Test
    void mergedAndUnmergedAdaptedModelsAgree() {
        Mlp model = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        LoraInjector.inject(model, "a", LoraConfig.of(2, TargetModules.names("layers.0", "head")), 3);
        Trainer.train(model, data(1), config(0.01), MSE);
        INDArray x = data(2).inputs();
        INDArray unmerged = model.forward(x, false).dup();
        model.modules().values().forEach(m -> {
            if (m instanceof LoraLinear l) {
                l.merge();
            }
        });
        assertThat(model.forward(x, false).sub(unmerged).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void sameSeedSameResultDifferentSeedDifferentOrder() {
        Mlp a = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        Mlp b = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        Mlp c = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        Trainer.train(a, data(1), config(0.01), MSE);
        Trainer.train(b, data(1), config(0.01), MSE);
        Trainer.train(c, data(1), config(0.01).withSeed(8), MSE);
        assertThat(a.weights()).isEqualTo(b.weights());
        assertThat(a.weights()).isNotEqualTo(c.weights());
    }

    @Test
    void divergenceIsReportedNotHidden() {
        Mlp model = Mlp.initialize(new MlpConfig(8, List.of(16), 4, Activation.RELU), DataType.FLOAT, 1);
        Dataset d = data(1);
        d.targets().muli(1e30f); // (1e30)^2 overflows float: the loss is infinite at once
        TrainingResult result = Trainer.train(model, d, config(0.01), MSE);
        assertThat(result.diverged()).isTrue();
        assertThat(result.steps()).isZero();
    }

    @Test
    void cosineScheduleDecaysToZero() {
        assertThat(LearningRateSchedule.COSINE.factor(0, 100)).isEqualTo(1.0);
        assertThat(LearningRateSchedule.COSINE.factor(50, 100)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(LearningRateSchedule.COSINE.factor(100, 100)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(LearningRateSchedule.LINEAR.factor(25, 100)).isEqualTo(0.75);
    }
}
