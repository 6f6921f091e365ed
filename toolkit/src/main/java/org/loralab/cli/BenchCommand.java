package org.loralab.cli;

import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.bench.TrainingStepBenchmark;
import org.loralab.sweep.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loralab bench step}: one LoRA training step against one full fine-tuning step, as a ratio. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Step.class})
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
}
