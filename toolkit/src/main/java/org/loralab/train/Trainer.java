package org.loralab.train;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.loralab.data.Dataset;
import org.loralab.nn.Model;
import org.loralab.nn.Parameter;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one training loop for full and LoRA fine-tuning: whatever parameters the model reports as
 * trainable (all weights, or adapters plus modules to save) are what Adam updates.
 */
public final class Trainer {
    private static final int EVAL_BATCH = 4096;

    private Trainer() {
    }

    /** Trains {@code model} in place on {@code data} with minibatches in a seeded random order. */
    public static TrainingResult train(Model model, Dataset data, TrainConfig config, Loss loss) {
        return train(model, data, config, loss, TrainingProgress.NONE);
    }

    /** {@link #train(Model, Dataset, TrainConfig, Loss)}, telling {@code progress} after every epoch. */
    public static TrainingResult train(Model model, Dataset data, TrainConfig config, Loss loss, TrainingProgress progress) {
        if (config.patience() > 0) {
            throw new IllegalArgumentException("early stopping (patience " + config.patience() + ") needs a validation metric");
        }
        return train(model, data, config, loss, progress, m -> Double.NaN);
    }

    /**
     * Trains {@code model} in place; with {@code config.patience() > 0}, measures {@code validation} (higher is better)
     * after each epoch, stops after {@code patience} epochs without a better value and puts back the weights of the best
     * epoch.
     */
    public static TrainingResult train(Model model, Dataset data, TrainConfig config, Loss loss, TrainingProgress progress,
                                       java.util.function.ToDoubleFunction<Model> validation) {
        List<Parameter> params = model.trainableParameters();
        if (params.isEmpty()) {
            throw new IllegalArgumentException("model has no trainable parameters");
        }
        Adam adam = new Adam(config.optimizer(), params);
        SplittableRandom rng = new SplittableRandom(config.seed());
        List<Double> epochLosses = new ArrayList<>();
        int n = data.size();
        long totalSteps = config.totalSteps(n);
        EarlyStopping stopping = config.patience() > 0 ? new EarlyStopping(params, config.patience()) : null;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            int[] order = RandomArrays.permutation(rng, n);
            double sum = 0;
            for (int from = 0; from < n; from += config.batchSize()) {
                int to = Math.min(n, from + config.batchSize());
                Dataset batch = data.rows(java.util.Arrays.copyOfRange(order, from, to));
                double lr = config.optimizer().learningRate() * config.schedule().factor(adam.steps(), totalSteps);
                double value = step(model, batch, loss, adam, lr);
                if (!Double.isFinite(value)) {
                    return new TrainingResult(epochLosses, adam.steps(), true);
                }
                progress.stepFinished(adam.steps());
                sum += value * (to - from);
            }
            epochLosses.add(sum / n);
            progress.epochFinished(epoch + 1, config.epochs(), sum / n);
            if (stopping != null && stopping.shouldStop(epoch + 1, validation.applyAsDouble(model))) {
                break;
            }
        }
        if (stopping == null) {
            return new TrainingResult(epochLosses, adam.steps(), false);
        }
        int kept = stopping.restoreBest();
        return new TrainingResult(epochLosses, adam.steps(), false, kept, stopping.bestMetric());
    }

    /**
     * One optimisation step on one batch: forward, backward, Adam update at {@code learningRate}.
     * A non-finite loss leaves the weights untouched.
     *
     * @return the batch's loss before the update
     */
    public static double step(Model model, Dataset batch, Loss loss, Adam adam, double learningRate) {
        try (StepMemory.Scope ignored = StepMemory.open()) {
            INDArray predictions = model.forward(batch.inputs(), true);
            Loss.ValueAndGradient result = loss.valueAndGradient(predictions, batch.targets());
            if (Double.isFinite(result.value())) {
                model.backward(result.gradient());
                adam.step(learningRate);
            }
            return result.value();
        }
    }

    /** Mean loss of {@code model} on {@code data}, in evaluation mode (no dropout), in batches. */
    public static double evaluate(Model model, Dataset data, Loss loss) {
        return evaluate(model, data, loss, EVAL_BATCH);
    }

    /** The loss of each example of {@code data} under {@code model}, in evaluation mode ({@link Loss#exampleValues}). */
    public static java.util.stream.DoubleStream exampleLosses(Model model, Dataset data, Loss loss) {
        return exampleLosses(model, data, loss, EVAL_BATCH);
    }

    /** {@link #exampleLosses(Model, Dataset, Loss)}, {@code batchSize} examples at a time. */
    public static java.util.stream.DoubleStream exampleLosses(Model model, Dataset data, Loss loss, int batchSize) {
        java.util.stream.DoubleStream.Builder out = java.util.stream.DoubleStream.builder();
        for (int from = 0; from < data.size(); from += batchSize) {
            Dataset batch = data.slice(from, Math.min(data.size(), from + batchSize));
            for (double v : loss.exampleValues(model.forward(batch.inputs(), false), batch.targets())) {
                out.add(v);
            }
        }
        return out.build();
    }

    /** Mean loss of {@code model} on {@code data}, in evaluation mode, {@code batchSize} examples at a time. */
    public static double evaluate(Model model, Dataset data, Loss loss, int batchSize) {
        double sum = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            Dataset batch = data.slice(from, to);
            sum += loss.value(model.forward(batch.inputs(), false), batch.targets()) * (to - from);
        }
        return sum / data.size();
    }
}
