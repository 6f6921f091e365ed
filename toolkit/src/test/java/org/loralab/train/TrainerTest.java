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

    /**
     * An epoch's loss is the mean over its examples, so a short last batch weighs less: 256 examples in batches of 48
     * (five of 48, one of 16). With a learning rate of 1e-30 no float weight moves (a step changes a weight by about
     * the learning rate), so every batch sees the initial model and the epoch's loss must equal the loss of the whole
     * training set evaluated once; the progress listener hears the same number. Tolerance 1e-6 relative: float sums
     * in two orders.
     */
    @Test
    void epochLossIsTheMeanOverExamplesWithAShortLastBatch() {
        Mlp model = Mlp.initialize(CONFIG, DataType.FLOAT, 3);
        Dataset data = data(4);
        double expected = Trainer.evaluate(model, data, MSE, 256);
        List<Double> heard = new java.util.ArrayList<>();
        TrainConfig frozen = new TrainConfig(2, 48, AdamConfig.adam(1e-30), LearningRateSchedule.CONSTANT, 7);
        TrainingResult result = Trainer.train(model, data, frozen, MSE, (epoch, epochs, loss) -> heard.add(loss));
        assertThat(result.steps()).isEqualTo(2 * 6);
        assertThat(result.epochLosses()).hasSize(2).allSatisfy(loss ->
                assertThat(loss).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-6 * expected)));
        assertThat(heard).isEqualTo(result.epochLosses());
    }

    /**
     * A validation metric equal to the best is no gain: metrics 1, 1, 0 with patience 2 stop after epoch 3 and keep
     * epoch 1 (counting ties as gains would keep epoch 2 and train a fourth epoch).
     */
    @Test
    void earlyStoppingCountsATieAsNoGain() {
        Mlp model = Mlp.initialize(CONFIG, DataType.FLOAT, 1);
        double[] metrics = {1, 1, 0, 0, 0};
        int[] epoch = {0};
        TrainConfig patient = new TrainConfig(5, 32, AdamConfig.adam(0.01), LearningRateSchedule.CONSTANT, 7, 2);
        TrainingResult result = Trainer.train(model, data(1), patient, MSE, TrainingProgress.NONE,
                m -> metrics[epoch[0]++]);
        assertThat(result.keptEpoch()).isEqualTo(1);
        assertThat(result.epochLosses()).hasSize(3);
        assertThat(result.validationMetric()).isEqualTo(1.0);
    }

    /** Early stopping needs a validation metric: training with patience but without one is refused. */
    @Test
    void patienceWithoutValidationIsRefused() {
        TrainConfig patient = new TrainConfig(5, 32, AdamConfig.adam(0.01), LearningRateSchedule.CONSTANT, 7, 1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        Trainer.train(Mlp.initialize(CONFIG, DataType.FLOAT, 1), data(1), patient, MSE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("validation");
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
