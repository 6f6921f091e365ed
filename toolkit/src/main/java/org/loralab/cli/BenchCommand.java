package org.loralab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.bench.SpectrumBenchmark;
import org.loralab.bench.TrainingStepBenchmark;
import org.loralab.io.AtomicFiles;
import org.loralab.linalg.Lapack;
import org.loralab.sweep.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loralab bench step}: one LoRA training step against one full fine-tuning step, as a ratio;
 * {@code loralab bench spectrum}: every spectrum path against numpy on the same matrices.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Step.class, BenchCommand.Spectrum.class})
final class BenchCommand {

    @Command(name = "step", mixinStandardHelpOptions = true,
            description = "Times a training step of LoRA against full fine-tuning on an MLP d -> d -> d (same process).")
    static final class Step implements Callable<Integer> {
        @Option(names = "--dim", defaultValue = "1024", description = "d (default: ${DEFAULT-VALUE})")
        int dim;
        @Option(names = "--batch", defaultValue = "256", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--rank", defaultValue = "8", description = "LoRA rank (default: ${DEFAULT-VALUE})")
        int rank;
        @Option(names = "--warmup", defaultValue = "20", description = "untimed steps (default: ${DEFAULT-VALUE})")
        int warmup;
        @Option(names = "--iterations", defaultValue = "30", description = "timed steps per method (default: ${DEFAULT-VALUE})")
        int iterations;
        @Option(names = "--precision", defaultValue = "float32", description = "float32 or float64 (default: ${DEFAULT-VALUE})")
        String precision;

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
            TrainingStepBenchmark.Settings settings;
            try {
                settings = new TrainingStepBenchmark.Settings(dim, batch, rank, warmup, iterations, p.dataType());
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            TrainingStepBenchmark.Result r = TrainingStepBenchmark.run(settings);
            var out = command.commandLine().getOut();
            out.printf(java.util.Locale.ROOT, "MLP %d -> %d -> %d, batch %d, %s, median of %d steps each (after %d warm-up)%n",
                    dim, dim, dim, batch, p.label(), iterations, warmup);
            out.printf(java.util.Locale.ROOT, "%-22s %12s %18s %22s%n", "", "ms/step", "trainable params", "Adam state bytes");
            out.printf(java.util.Locale.ROOT, "%-22s %12.2f %,18d %,22d%n", "full fine-tuning", r.fullMillis(),
                    r.fullTrainable(), r.fullOptimizerBytes());
            out.printf(java.util.Locale.ROOT, "%-22s %12.2f %,18d %,22d%n", "LoRA r=" + rank, r.loraMillis(),
                    r.loraTrainable(), r.loraOptimizerBytes());
            out.printf(java.util.Locale.ROOT, "ratio LoRA / full: time %.3f, trainable params %.5f, optimizer state %.5f%n",
                    r.timeRatio(), (double) r.loraTrainable() / r.fullTrainable(),
                    (double) r.loraOptimizerBytes() / r.fullOptimizerBytes());
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
            SpectrumBenchmark.Settings settings;
            try {
                settings = new SpectrumBenchmark.Settings(sizes, large, topK, loraRank, repeats, ejmlMax, !noNumpy);
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
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
}
