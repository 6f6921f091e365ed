package org.loralab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.bench.CheckpointScaleBenchmark;
import org.loralab.bench.SpectrumBenchmark;
import org.loralab.reference.TorchTrainingStep;
import org.loralab.bench.TrainingStepBenchmark;
import org.loralab.checkpoint.SyntheticCheckpoints;
import org.loralab.experiment.Precision;
import org.loralab.format.DType;
import org.loralab.io.AtomicFiles;
import org.loralab.linalg.Lapack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loralab bench step}: one LoRA training step against one full fine-tuning step, as a ratio (an MLP);
 * {@code loralab bench charlm}: the same for the character-level transformer, in training tokens per second;
 * {@code loralab bench spectrum}: every spectrum path against numpy on the same matrices;
 * {@code loralab bench gpu-reference}: the CPU results the GPU module's checks compare against.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Step.class, BenchCommand.CharLm.class, BenchCommand.Spectrum.class,
                BenchCommand.CheckpointScale.class, BenchCommand.GpuReferenceFiles.class})
final class BenchCommand {

    /** PyTorch for the step benchmarks when asked for and found; says which, or why none, on {@code out}. */
    private static Optional<TorchTrainingStep> torch(boolean wanted, PrintWriter out) {
        if (!wanted) {
            return Optional.empty();
        }
        Optional<TorchTrainingStep> torch = TorchTrainingStep.find();
        out.println(torch.map(t -> "PyTorch: " + t.version() + " via " + t.python())
                .orElse("PyTorch: not found (no python3 with torch; set LORALAB_PYTHON), timing LoRA Lab alone"));
        return torch;
    }

    /** Settings built from the options: a value they reject is the user's mistake, one line, no stack trace. */
    private static <T> T options(java.util.function.Supplier<T> settings) {
        try {
            return settings.get();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    @Command(name = "step", mixinStandardHelpOptions = true,
            description = "Times a training step of LoRA against full fine-tuning on an MLP d -> d -> d (same process).")
    static final class Step implements Callable<Integer> {
        @Option(names = "--dim", defaultValue = "1024", description = "d (default: ${DEFAULT-VALUE})")
        int dim;
        @Option(names = "--batch", defaultValue = "256", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--rank", defaultValue = "8", description = "LoRA rank (default: ${DEFAULT-VALUE})")
        int rank;
        @Option(names = "--warmup", defaultValue = "50", description = "untimed steps of each tool (default: ${DEFAULT-VALUE})")
        int warmup;
        @Option(names = "--iterations", defaultValue = "30", description = "timed steps per method (default: ${DEFAULT-VALUE})")
        int iterations;
        @Option(names = "--precision", defaultValue = "float32", description = "float32 or float64 (default: ${DEFAULT-VALUE})")
        String precision;

        @Option(names = "--against-torch", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "also time the same steps in PyTorch when python3 has torch (default: ${DEFAULT-VALUE})")
        boolean againstTorch;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            Precision p;
            try {
                p = Precision.valueOf(precision.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--precision must be float32 or float64, got '" + precision + "'");
            }
            TrainingStepBenchmark.Settings settings = options(() -> new TrainingStepBenchmark.Settings(dim, batch, rank,
                    warmup, iterations, p.dataType()));
            var out = command.commandLine().getOut();
            TrainingStepBenchmark.Result r = TrainingStepBenchmark.run(settings, torch(againstTorch, out));
            out.printf(java.util.Locale.ROOT, "MLP %d -> %d -> %d, batch %d, %s, median of %d steps each (after %d warm-up)%n",
                    dim, dim, dim, batch, p.label(), iterations, warmup);
            out.print(r.table(rank, batch, "examples/s"));
            return 0;
        }
    }

    @Command(name = "charlm", mixinStandardHelpOptions = true,
            description = {"Training tokens per second of the character-level transformer, full fine-tuning against LoRA",
                    "(same process, same batch of random tokens; float32)."})
    static final class CharLm implements Callable<Integer> {
        @Option(names = "--width", defaultValue = "128", description = "d_model (default: ${DEFAULT-VALUE})")
        int width;
        @Option(names = "--layers", defaultValue = "2", description = "blocks (default: ${DEFAULT-VALUE})")
        int layers;
        @Option(names = "--heads", defaultValue = "4", description = "attention heads (default: ${DEFAULT-VALUE})")
        int heads;
        @Option(names = "--context", defaultValue = "64", description = "characters per sequence (default: ${DEFAULT-VALUE})")
        int context;
        @Option(names = "--vocab", defaultValue = "112", description = "tokens (default: ${DEFAULT-VALUE})")
        int vocab;
        @Option(names = "--batch", defaultValue = "32", description = "sequences per step (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--rank", defaultValue = "8", description = "LoRA rank (default: ${DEFAULT-VALUE})")
        int rank;
        @Option(names = "--targets", split = ",", defaultValue = "q_proj,v_proj",
                description = "LoRA target modules (default: ${DEFAULT-VALUE})")
        List<String> targets;
        // The JIT compiles the Java kernels over the first 20-40 steps (70-120 ms a step at the defaults, 55-65 after,
        // measured): fewer warm-up steps time the compiler, not a training run's thousands of steps.
        @Option(names = "--warmup", defaultValue = "50", description = "untimed steps of each tool (default: ${DEFAULT-VALUE})")
        int warmup;
        @Option(names = "--iterations", defaultValue = "20", description = "timed steps per method (default: ${DEFAULT-VALUE})")
        int iterations;
        @Option(names = "--against-torch", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "also time the same steps in PyTorch when python3 has torch (default: ${DEFAULT-VALUE})")
        boolean againstTorch;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            TrainingStepBenchmark.TransformerSettings settings = options(() -> {
                var s = new TrainingStepBenchmark.TransformerSettings(vocab, context, width, layers, heads, batch, rank,
                        targets, warmup, iterations);
                s.check(); // the shapes and targets before any timing
                return s;
            });
            PrintWriter out = command.commandLine().getOut();
            TrainingStepBenchmark.Result r = TrainingStepBenchmark.run(settings, torch(againstTorch, out));
            out.printf(Locale.ROOT, "transformer: %s; batch %d x %d tokens, LoRA on %s, float32, %d cores, median of %d steps each"
                    + " (after %d warm-up)%n", settings.config().describe(), batch, context,
                    targets, Runtime.getRuntime().availableProcessors(), iterations, warmup);
            out.print(r.table(rank, batch * context, "tokens/s"));
            return 0;
        }
    }

    @Command(name = "spectrum", mixinStandardHelpOptions = true,
            description = {"Times every way to compute singular values (LAPACK, float, Gram, EJML, randomized, LoRA factors)",
                    "against numpy's linalg.svd on the same matrices in the same run, when numpy is installed."})
    static final class Spectrum implements Callable<Integer> {
        @Option(names = "--sizes", split = ",", defaultValue = "1024,2048",
                description = "n of the n x n full-spectrum matrices (default: ${DEFAULT-VALUE})")
        List<Integer> sizes;
        @Option(names = "--large", defaultValue = "4096", description = "n of the randomized and LoRA cases (default: ${DEFAULT-VALUE})")
        int large;
        @Option(names = "--top-k", defaultValue = "64", description = "k of the randomized SVD (default: ${DEFAULT-VALUE})")
        int topK;
        @Option(names = "--lora-rank", defaultValue = "64", description = "r of the LoRA case (default: ${DEFAULT-VALUE})")
        int loraRank;
        @Option(names = "--repeats", defaultValue = "3", description = "timed runs per measurement (default: ${DEFAULT-VALUE})")
        int repeats;
        @Option(names = "--ejml-max", defaultValue = "1024", description = "largest n given to EJML (default: ${DEFAULT-VALUE})")
        int ejmlMax;
        @Option(names = "--no-numpy", description = "do not time numpy")
        boolean noNumpy;
        @Option(names = "--out", description = "also write the table as Markdown to this file")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            SpectrumBenchmark.Settings settings = options(() -> new SpectrumBenchmark.Settings(sizes, large, topK, loraRank,
                    repeats, ejmlMax, !noNumpy));
            PrintWriter out = command.commandLine().getOut();
            SpectrumBenchmark.Report report = SpectrumBenchmark.run(settings, command.commandLine().getErr());
            String header = String.format(Locale.ROOT, "# loralab bench spectrum%n%n%s, %d cores, Java %s, OPENBLAS_CORETYPE=%s; %s%n%n",
                    LocalDate.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                    System.getenv(Lapack.CORE_TYPE_VARIABLE), report.numpy().map(v -> "numpy: " + v).orElse("numpy: not timed"));
            String markdown = header + report.markdown();
            out.print(markdown);
            out.flush();
            if (this.out != null) {
                AtomicFiles.writeString(this.out, markdown);
            }
            return 0;
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = {"Generates a transformer-shaped base/tuned pair (default: 16 blocks of 2048 x 2048 and 5632 x 2048",
                    "weights in BF16, about 1B parameters each, rank-16 updates) and times loralab spectrum on it: --top-k on",
                    "every matrix, and the full spectrum on the first --full-blocks blocks (matrices per minute)."})
    static final class CheckpointScale implements Callable<Integer> {
        @Option(names = "--blocks", defaultValue = "16", description = "transformer blocks (default: ${DEFAULT-VALUE})")
        int blocks;
        @Option(names = "--hidden", defaultValue = "2048", description = "model width (default: ${DEFAULT-VALUE})")
        int hidden;
        @Option(names = "--intermediate", defaultValue = "5632", description = "MLP width (default: ${DEFAULT-VALUE})")
        int intermediate;
        @Option(names = "--rank", defaultValue = "16", description = "rank of the planted updates (default: ${DEFAULT-VALUE})")
        int rank;
        @Option(names = "--dtype", defaultValue = "BF16", description = "F32, F16 or BF16 (default: ${DEFAULT-VALUE})")
        String dtype;
        @Option(names = "--top-k", defaultValue = "64", description = "k of the randomized pass (default: ${DEFAULT-VALUE})")
        int topK;
        @Option(names = "--full-blocks", defaultValue = "2", description = "blocks given the full spectrum (default: ${DEFAULT-VALUE})")
        int fullBlocks;
        @Option(names = "--dir", required = true, description = "where the pair is written (kept, reused when present)")
        Path dir;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            DType type;
            try {
                type = DType.valueOf(dtype);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--dtype must be F32, F16 or BF16, got '" + dtype + "'");
            }
            if (topK < 1) {
                throw new BadInputException("--top-k must be >= 1, got " + topK);
            }
            if (fullBlocks < 0 || fullBlocks > blocks) {
                throw new BadInputException("--full-blocks must be between 0 and --blocks (" + blocks + "), got " + fullBlocks);
            }
            SyntheticCheckpoints pair = options(() -> new SyntheticCheckpoints(blocks, hidden, intermediate, rank, 0.05,
                    type, Math.min(blocks, 4), 1));
            PrintWriter out = command.commandLine().getOut();
            PrintWriter err = command.commandLine().getErr();
            CheckpointScaleBenchmark.ensurePair(pair, dir, line -> {
                err.println(line);
                err.flush();
            }).ifPresent(seconds -> out.printf(Locale.ROOT, "generated 2 x %,d parameters (%s) in %.1f s%n",
                    pair.parameterCount(), type, seconds));
            MemoryUse.resetPeaks();
            CheckpointScaleBenchmark.Timed top;
            try (Progress progress = new Progress("spectrum", err)) {
                top = CheckpointScaleBenchmark.topK(dir, topK, progress);
            }
            out.printf(Locale.ROOT, "--top-k %d: %d matrices in %.1f s (%.1f per minute); energy_rank_99 <= %d (the planted"
                    + " rank) in %d of them; peak heap %,d MB of max %,d MB%n", topK, top.result().spectra().size(),
                    top.seconds(), top.perMinute(), rank, top.atMostRank(rank), MemoryUse.peakHeapBytes() >> 20,
                    Runtime.getRuntime().maxMemory() >> 20);
            if (fullBlocks > 0) {
                CheckpointScaleBenchmark.Timed full;
                try (Progress progress = new Progress("spectrum", err)) {
                    full = CheckpointScaleBenchmark.fullSpectrum(dir, fullBlocks, progress);
                }
                out.printf(Locale.ROOT, "full spectrum: %d matrices in %.1f s (%.1f per minute)%n",
                        full.result().spectra().size(), full.seconds(), full.perMinute());
            }
            return 0;
        }
    }

    @Command(name = "gpu-reference", mixinStandardHelpOptions = true,
            description = "Writes the CPU (float64) results of a LoRA layer and two MLP training steps that `loralab-gpu check` compares the GPU against.")
    static final class GpuReferenceFiles implements Callable<Integer> {
        @Option(names = "--out", required = true, description = "folder for lora-linear.safetensors and mlp-steps.safetensors")
        Path out;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec command;

        @Override
        public Integer call() {
            org.loralab.reference.GpuReference.write(out);
            command.commandLine().getOut().println("wrote " + out.resolve(org.loralab.reference.GpuReference.LAYER_FILE) + " and "
                    + out.resolve(org.loralab.reference.GpuReference.MLP_FILE));
            return 0;
        }
    }
}
