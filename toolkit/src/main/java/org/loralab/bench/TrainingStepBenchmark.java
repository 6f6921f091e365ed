package org.loralab.bench;

import org.loralab.reference.TorchTrainingStep;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import java.util.SplittableRandom;
import org.loralab.Numbers;
import org.loralab.data.Dataset;
import org.loralab.data.TokenWindows;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.LoraLinear;
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
    private static final double LEARNING_RATE = 1e-4;
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

    /**
     * Timings (median milliseconds per step), the memory that training needs beyond the model, the loss of each
     * method's first step, and PyTorch's figures for the same steps when it ran.
     */
    public record Result(double fullMillis, double loraMillis, long fullTrainable, long loraTrainable,
                         long fullOptimizerBytes, long loraOptimizerBytes, Losses fullLosses, Losses loraLosses,
                         Optional<TorchResult> torch) {
        public double timeRatio() {
            return loraMillis / fullMillis;
        }

        /**
         * The comparison as a text table: time, throughput in {@code unit} ({@code unitsPerStep} per step), trainable
         * parameters, optimizer state, the ratios of LoRA to full fine-tuning, and against PyTorch when it ran.
         */
        public String table(int rank, int unitsPerStep, String unit) {
            StringBuilder b = new StringBuilder();
            b.append(String.format(Locale.ROOT, "%-32s %10s %14s %18s %18s%n", "", "ms/step", unit, "trainable params",
                    "Adam state bytes"));
            row(b, "full fine-tuning", fullMillis, unitsPerStep, fullTrainable, fullOptimizerBytes);
            torch.ifPresent(t -> row(b, "full fine-tuning, PyTorch", t.fullMillis(), unitsPerStep, fullTrainable,
                    fullOptimizerBytes));
            row(b, "LoRA r=" + rank, loraMillis, unitsPerStep, loraTrainable, loraOptimizerBytes);
            torch.ifPresent(t -> row(b, "LoRA r=" + rank + ", PyTorch", t.loraMillis(), unitsPerStep, loraTrainable,
                    loraOptimizerBytes));
            b.append(String.format(Locale.ROOT, "ratio LoRA / full: time %.3f, throughput %.3f, trainable params %.5f, "
                    + "optimizer state %.5f%n", timeRatio(), 1 / timeRatio(), (double) loraTrainable / fullTrainable,
                    (double) loraOptimizerBytes / fullOptimizerBytes));
            torch.ifPresent(t -> b.append(String.format(Locale.ROOT,
                    "speed vs PyTorch (%s; its time / ours, > 1 = LoRA Lab faster): full fine-tuning %.2fx, LoRA %.2fx%n"
                            + "loss of the first and last step, LoRA Lab / PyTorch: full %.6f / %.6f and %.6f / %.6f, "
                            + "LoRA %.6f / %.6f and %.6f / %.6f%n",
                    t.version(), t.fullMillis() / fullMillis, t.loraMillis() / loraMillis, fullLosses.first(),
                    t.fullLosses().first(), fullLosses.last(), t.fullLosses().last(), loraLosses.first(),
                    t.loraLosses().first(), loraLosses.last(), t.loraLosses().last())));
            return b.toString();
        }

        private static void row(StringBuilder b, String label, double millis, int unitsPerStep, long trainable,
                                long optimizerBytes) {
            b.append(String.format(Locale.ROOT, "%-32s %10.2f %,14.0f %,18d %,18d%n", label, millis,
                    unitsPerStep / millis * 1000, trainable, optimizerBytes));
        }
    }

    /** PyTorch's median milliseconds per step and losses on the same models and batch. */
    public record TorchResult(String version, double fullMillis, double loraMillis, Losses fullLosses,
                              Losses loraLosses) {
    }

    /** The loss of a method's first step (warm-up included) and of its last; the same steps in either tool. */
    public record Losses(double first, double last) {
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
            if (rank < 1) {
                throw new IllegalArgumentException("--rank must be >= 1, got " + rank);
            }
            targets = List.copyOf(targets);
        }

        /** The transformer's shape (MLP width 4 x width); an IllegalArgumentException names an impossible one. */
        public TransformerConfig config() {
            return new TransformerConfig(vocab, context, width, layers, heads, 4 * width);
        }

        /** Checks the shape and that the targets name modules of it; an IllegalArgumentException says what is wrong. */
        public void check() {
            if (config().moduleShapes().keySet().stream().noneMatch(TargetModules.names(targets)::matches)) {
                throw new IllegalArgumentException("--targets " + targets + " names no module; module types are q_proj, "
                        + "k_proj, v_proj, o_proj, fc1, fc2");
            }
        }
    }

    /**
     * The transformer case: full fine-tuning against LoRA on {@code targets}, next-token loss; {@code torch} runs the
     * same steps in PyTorch, alternating with ours.
     */
    public static Result run(TransformerSettings s, Optional<TorchTrainingStep> torch) {
        Transformer full = Transformer.initialize(s.config(), DataType.FLOAT, 1);
        Transformer lora = full.copy();
        LoraInjector.inject(lora, "bench", LoraConfig.of(s.rank(), TargetModules.names(s.targets())), 2);
        int[] tokens = new SplittableRandom(3).ints((long) s.batch() * s.context() + 1, 0, s.vocab()).toArray();
        TransformerConfig c = s.config();
        Map<String, Object> description = Map.of("kind", "transformer", "vocab", c.vocabSize(), "context",
                c.contextLength(), "width", c.width(), "layers", c.layers(), "heads", c.heads(), "hidden", c.mlpWidth());
        return compare(full, lora, TokenWindows.of(tokens, s.context(), DataType.FLOAT), new NextTokenCrossEntropy(),
                s.warmup(), s.iterations(), torch, description);
    }

    /** The MLP case; {@code torch} as in {@link #run(TransformerSettings, Optional)} (float32 only). */
    public static Result run(Settings s, Optional<TorchTrainingStep> torch) {
        MlpConfig config = new MlpConfig(s.dim(), List.of(s.dim()), s.dim(), Activation.TANH);
        Mlp full = Mlp.initialize(config, s.dtype(), 1);
        Mlp lora = full.copy();
        LoraInjector.inject(lora, "bench", LoraConfig.of(s.rank(), TargetModules.names("layers.0", "head")), 2);
        SplittableRandom rng = new SplittableRandom(3);
        Dataset batch = new Dataset(RandomArrays.normal(rng, 0, 1, s.dtype(), s.batch(), s.dim()),
                RandomArrays.normal(rng, 0, 1, s.dtype(), s.batch(), s.dim()));
        return compare(full, lora, batch, new MeanSquaredError(), s.warmup(), s.iterations(),
                s.dtype() == DataType.FLOAT ? torch : Optional.empty(), Map.of("kind", "mlp", "dim", s.dim()));
    }

    /**
     * Times Adam steps of {@code full} (every parameter trainable) and {@code lora} (the same model with adapters) on
     * {@code batch}: {@code warmup} untimed steps each, then {@code iterations} timed ones each, alternating in blocks,
     * and the same in PyTorch between our blocks when {@code torch} is present.
     *
     * @param description the model for PyTorch (see {@link TorchTrainingStep#start})
     */
    public static Result compare(Model full, Model lora, Dataset batch, Loss loss, int warmup, int iterations,
                                 Optional<TorchTrainingStep> torch, Map<String, Object> description) {
        Map<String, Object> described = new HashMap<>(description);
        described.put("lr", LEARNING_RATE);
        described.put("scaling", lora.modules().values().stream().filter(m -> m instanceof LoraLinear)
                .mapToDouble(m -> ((LoraLinear) m).adapter(((LoraLinear) m).activeAdapter()).scaling()).findFirst()
                .orElse(1.0));
        try (TorchTrainingStep.Session session = torch.map(t -> t.start(full, lora, batch, described,
                Runtime.getRuntime().availableProcessors())).orElse(null)) {
            Method ours = new Method(full, batch, loss);
            Method oursLora = new Method(lora, batch, loss);
            Reference theirs = new Reference(session, "full");
            Reference theirsLora = new Reference(session, "lora");
            ours.warmUp(warmup);
            oursLora.warmUp(warmup);
            theirs.warmUp(warmup);
            theirsLora.warmUp(warmup);
            // alternate in blocks: drift of the machine hits every method alike, while the garbage one method
            // leaves behind is mostly collected inside its own block
            for (int from = 0; from < iterations; from += BLOCK) {
                int count = Math.min(iterations, from + BLOCK) - from;
                ours.time(from, count, iterations);
                theirs.time(from, count, iterations);
                oursLora.time(from, count, iterations);
                theirsLora.time(from, count, iterations);
            }
            Optional<TorchResult> reference = torch.map(t -> new TorchResult(t.version(), theirs.medianMillis(),
                    theirsLora.medianMillis(), theirs.losses(), theirsLora.losses()));
            return new Result(ours.medianMillis(), oursLora.medianMillis(),
                    full.trainableParameterCount(), lora.trainableParameterCount(), ours.adam.stateBytes(),
                    oursLora.adam.stateBytes(), ours.losses(), oursLora.losses(), reference);
        }
    }

    /** One method's record: step times in milliseconds and the losses of its first and last steps. */
    private abstract static class Timings {
        double[] millis;
        private double firstLoss = Double.NaN;
        private double lastLoss = Double.NaN;

        final void recordLosses(double first, double last) {
            firstLoss = Double.isNaN(firstLoss) ? first : firstLoss;
            lastLoss = last;
        }

        final double medianMillis() {
            return Numbers.median(millis);
        }

        final Losses losses() {
            return new Losses(firstLoss, lastLoss);
        }
    }

    /** One model trained by LoRA Lab, with its optimizer. */
    private static final class Method extends Timings {
        private final Model model;
        private final Dataset batch;
        private final Loss loss;
        private final Adam adam;

        Method(Model model, Dataset batch, Loss loss) {
            this.model = model;
            this.batch = batch;
            this.loss = loss;
            this.adam = new Adam(AdamConfig.adam(LEARNING_RATE), model.trainableParameters());
        }

        void warmUp(int steps) {
            for (int i = 0; i < steps; i++) {
                step();
            }
        }

        void time(int from, int count, int iterations) {
            millis = millis == null ? new double[iterations] : millis;
            for (int i = from; i < from + count; i++) {
                long start = System.nanoTime();
                step();
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }

        private void step() {
            double value = Trainer.step(model, batch, loss, adam, LEARNING_RATE);
            recordLosses(value, value);
        }
    }

    /** The same model trained by PyTorch (nothing when {@code session} is null). */
    private static final class Reference extends Timings {
        private final TorchTrainingStep.Session session;
        private final String method;

        Reference(TorchTrainingStep.Session session, String method) {
            this.session = session;
            this.method = method;
        }

        void warmUp(int steps) {
            if (session != null && steps > 0) {
                run(steps);
            }
        }

        void time(int from, int count, int iterations) {
            if (session != null) {
                millis = millis == null ? new double[iterations] : millis;
                System.arraycopy(run(count).millis(), 0, millis, from, count);
            }
        }

        private TorchTrainingStep.Steps run(int count) {
            TorchTrainingStep.Steps steps = session.run(method, count);
            recordLosses(steps.firstLoss(), steps.lastLoss());
            return steps;
        }
    }
}
