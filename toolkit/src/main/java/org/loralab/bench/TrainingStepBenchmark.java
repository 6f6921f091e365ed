package org.loralab.bench;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.loralab.Numbers;
import org.loralab.data.Dataset;
import org.loralab.data.TokenWindows;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Activation;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.Model;
import org.loralab.nn.RandomArrays;
import org.loralab.nn.Transformer;
import org.loralab.nn.TransformerConfig;
import org.loralab.train.Adam;
import org.loralab.train.AdamConfig;
import org.loralab.train.Loss;
import org.loralab.train.MeanSquaredError;
import org.loralab.train.NextTokenCrossEntropy;
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

        /**
         * The comparison as a text table: time, throughput in {@code unit} ({@code unitsPerStep} per step), trainable
         * parameters, optimizer state, and the ratios of LoRA to full fine-tuning.
         */
        public String table(int rank, int unitsPerStep, String unit) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%-22s %12s %14s %18s %22s%n", "", "ms/step", unit, "trainable params",
                    "Adam state bytes"));
            b.append(String.format(Locale.ROOT, "%-22s %12.2f %,14.0f %,18d %,22d%n", "full fine-tuning", fullMillis,
                    unitsPerStep / fullMillis * 1000, fullTrainable, fullOptimizerBytes));
            b.append(String.format(Locale.ROOT, "%-22s %12.2f %,14.0f %,18d %,22d%n", "LoRA r=" + rank, loraMillis,
                    unitsPerStep / loraMillis * 1000, loraTrainable, loraOptimizerBytes));
            b.append(String.format(Locale.ROOT, "ratio LoRA / full: time %.3f, throughput %.3f, trainable params %.5f, "
                    + "optimizer state %.5f%n", timeRatio(), 1 / timeRatio(), (double) loraTrainable / fullTrainable,
                    (double) loraOptimizerBytes / fullOptimizerBytes));
            return b.toString();
        }
    }

    /**
     * Settings of the transformer case: a batch of {@code batch} random sequences of {@code context} tokens.
     *
     * @param targets the modules LoRA adapts
     */
    public record TransformerSettings(int vocab, int context, int width, int layers, int heads, int batch, int rank,
                                      List<String> targets, int warmup, int iterations) {
        public TransformerSettings {
            if (batch < 1 || warmup < 0 || iterations < 1) {
                throw new IllegalArgumentException("need --batch, --iterations >= 1 and --warmup >= 0");
            }
            targets = List.copyOf(targets);
        }

        /** The transformer's shape (MLP width 4 x width); an IllegalArgumentException names an impossible one. */
        public TransformerConfig config() {
            return new TransformerConfig(vocab, context, width, layers, heads, 4 * width);
        }
    }

    /** The transformer case: full fine-tuning against LoRA on {@code targets}, next-token loss. */
    public static Result run(TransformerSettings s) {
        Transformer full = Transformer.initialize(s.config(), DataType.FLOAT, 1);
        Transformer lora = full.copy();
        LoraInjector.inject(lora, "bench", LoraConfig.of(s.rank(), TargetModules.names(s.targets())), 2);
        int[] tokens = new SplittableRandom(3).ints((long) s.batch() * s.context() + 1, 0, s.vocab()).toArray();
        return compare(full, lora, TokenWindows.of(tokens, s.context(), DataType.FLOAT), new NextTokenCrossEntropy(),
                s.warmup(), s.iterations());
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
