package org.loralab.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.checkpoint.CheckpointAnalysis;
import org.loralab.report.CheckpointSpectra;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loralab spectrum}: the rank of every layer's update between two checkpoints, or of a checkpoint of
 * updates. Everything is analysed before the output folder is made, so bad input leaves no output.
 */
@Command(name = "spectrum", mixinStandardHelpOptions = true,
        description = {"Singular spectrum and rank metrics of every 2-D update dW between checkpoints (safetensors:",
                "a file, a sharded model.safetensors.index.json, or a folder), of a checkpoint of updates, or of a PEFT",
                "LoRA adapter. Writes layers.csv, spectrum.csv, report.md."})
final class SpectrumCommand implements Callable<Integer> {
    @Option(names = "--base", paramLabel = "B", description = "the checkpoint before fine-tuning")
    Path base;
    @Option(names = "--tuned", paramLabel = "T", description = "the checkpoint after fine-tuning (with --base)")
    Path tuned;
    @Option(names = "--delta", paramLabel = "D", description = "a checkpoint whose tensors are the updates dW themselves")
    Path delta;
    @Option(names = "--adapter", paramLabel = "DIR",
            description = "a PEFT LoRA adapter folder: dW = scaling B A, exact from the factors (--base B optional)")
    Path adapter;
    @Option(names = "--include", paramLabel = "REGEX", description = "only tensors whose name contains a match")
    String include;
    @Option(names = "--top-k", paramLabel = "K",
            description = "only the top K singular values (randomized SVD, for large matrices); default: all of them")
    Integer topK;
    @Option(names = "--conv1d", description = {"2-D tensors are GPT-2 Conv1D weights stored [in, out] (with --adapter: the",
            "base's adapted weights, as PEFT's fan_in_fan_out, which adapter_config.json can also say)"})
    boolean conv1d;
    @Option(names = "--skip-mismatched", description = "skip tensors present in one checkpoint only or with different shapes")
    boolean skipMismatched;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        int modes = (tuned != null ? 1 : 0) + (delta != null ? 1 : 0) + (adapter != null ? 1 : 0);
        if (modes != 1 || (tuned != null && base == null) || (delta != null && base != null)) {
            throw new BadInputException("give one of --base B --tuned T, --delta D, or --adapter DIR [--base B]");
        }
        if (topK != null && topK < 1) {
            throw new BadInputException("--top-k must be >= 1, got " + topK);
        }
        CheckpointAnalysis.Options options = new CheckpointAnalysis.Options(RegexOption.compile("--include", include),
                topK == null ? OptionalInt.empty() : OptionalInt.of(topK), conv1d, skipMismatched);
        CheckpointSpectra.Input input = adapter != null ? new CheckpointSpectra.Adapter(adapter, base)
                : tuned != null ? new CheckpointSpectra.Pair(base, tuned) : new CheckpointSpectra.Deltas(delta);
        long start = System.nanoTime();
        CheckpointAnalysis.Result result;
        try (Progress progress = new Progress("spectrum", command.commandLine().getErr())) {
            result = CheckpointSpectra.report(input, options, out, progress);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CheckpointAnalysis.Result.zeroSentence(result.spectra())
                .ifPresent(z -> command.commandLine().getErr().println("warning: " + z));
        command.commandLine().getOut().printf(java.util.Locale.ROOT, "analysed %d matrices (%d skipped) in %.1f s: %s%n",
                result.spectra().size(), result.skipped().size(), seconds, out.resolve("report.md"));
        return 0;
    }
}
