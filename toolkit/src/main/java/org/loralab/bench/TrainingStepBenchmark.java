package org.loralab.bench;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.loralab.Numbers;
import org.loralab.data.Dataset;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Activation;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.Model;
import org.loralab.nn.RandomArrays;
import org.loralab.train.Adam;
import org.loralab.train.AdamConfig;
import org.loralab.train.Loss;
import org.loralab.train.MeanSquaredError;
import org.loralab.train.Trainer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Times one training step of full fine-tuning against one of LoRA on the same model and batch, in the same process,
 * alternating the two so that machine noise hits both alike: on an MLP d -> d -> d (two d x d modules, {@code layers.0}
 * and {@code head}, both adapted) with {@link #run}, on any model with {@link #compare}.
 */
public final class TrainingStepBenchmark {
    private static final int BLOCK = 10;
    private TrainingStepBenchmark() {
    }

    /**
     * Settings of the MLP case.
     *
     * @param dim        d, the width of both modules
     * @param batch      examples per step
     * @param rank       LoRA rank
     * @param warmup     untimed steps per method first
     * @param iterations timed steps per method
     * @param dtype      FLOAT or DOUBLE
     */
    public record Settings(int dim, int batch, int rank, int warmup, int iterations, DataType dtype) {
        public Settings {
            if (dim < 1 || batch < 1 || rank < 1 || rank > dim || warmup < 0 || iterations < 1) {
                throw new IllegalArgumentException("need dim, batch, iterations >= 1, warmup >= 0 and 1 <= rank <= dim");
            }
        }
    }

    /** Timings (median milliseconds per step) and the memory that training needs beyond the model. */
    public record Result(double fullMillis, double loraMillis, long fullTrainable, long loraTrainable,
                         long fullOptimizerBytes, long loraOptimizerBytes) {
        public double timeRatio() {
            return loraMillis / fullMillis;
        }
    }

    /** The MLP case. */
    public static Result run(Settings s) {
        MlpConfig config = new MlpConfig(s.dim(), List.of(s.dim()), s.dim(), Activation.TANH);
        Mlp full = Mlp.initialize(config, s.dtype(), 1);
        Mlp lora = full.copy();
        LoraInjector.inject(lora, "bench", LoraConfig.of(s.rank(), TargetModules.names("layers.0", "head")), 2);
        SplittableRandom rng = new SplittableRandom(3);
        Dataset batch = new Dataset(RandomArrays.normal(rng, 0, 1, s.dtype(), s.batch(), s.dim()),
                RandomArrays.normal(rng, 0, 1, s.dtype(), s.batch(), s.dim()));
        return compare(full, lora, batch, new MeanSquaredError(), s.warmup(), s.iterations());
    }

    /**
     * Times Adam steps of {@code full} (every parameter trainable) and {@code lora} (the same model with adapters) on
     * {@code batch}: {@code warmup} untimed steps each, then {@code iterations} timed ones each, alternating in blocks.
     */
    public static Result compare(Model full, Model lora, Dataset batch, Loss loss, int warmup, int iterations) {
        Adam fullAdam = new Adam(AdamConfig.adam(1e-4), full.trainableParameters());
        Adam loraAdam = new Adam(AdamConfig.adam(1e-4), lora.trainableParameters());
        for (int i = 0; i < warmup; i++) {
            Trainer.step(full, batch, loss, fullAdam, 1e-4);
            Trainer.step(lora, batch, loss, loraAdam, 1e-4);
        }
        double[] fullTimes = new double[iterations];
        double[] loraTimes = new double[iterations];
        // alternate in blocks: drift of the machine hits both methods, while the garbage one method leaves
        // behind is mostly collected inside its own block
        for (int from = 0; from < iterations; from += BLOCK) {
            int to = Math.min(iterations, from + BLOCK);
            for (int i = from; i < to; i++) {
                fullTimes[i] = time(() -> Trainer.step(full, batch, loss, fullAdam, 1e-4));
            }
            for (int i = from; i < to; i++) {
                loraTimes[i] = time(() -> Trainer.step(lora, batch, loss, loraAdam, 1e-4));
            }
        }
        return new Result(Numbers.median(fullTimes), Numbers.median(loraTimes), full.trainableParameterCount(),
                lora.trainableParameterCount(), fullAdam.stateBytes(), loraAdam.stateBytes());
    }

    private static double time(Runnable step) {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e6;
    }
}
