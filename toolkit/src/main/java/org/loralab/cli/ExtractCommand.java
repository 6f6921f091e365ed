package org.loralab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.checkpoint.AdapterExtraction;
import org.loralab.checkpoint.CheckpointAnalysis;
import org.loralab.format.Checkpoint;
import org.loralab.format.DType;
import org.loralab.io.TemporaryFolders;
import org.loralab.report.ReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code loralab extract}: a PEFT LoRA adapter from a full fine-tune, the best rank-k approximation of every update.
 * Everything is computed before anything is written, and the folder appears whole (written beside it, then moved), so
 * bad input leaves no output.
 */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Extract a LoRA adapter from a full fine-tune: per module, B A = the best rank-k approximation of",
                "dW = tuned - base (k from --rank, --energy or --budget), written as a PEFT adapter folder",
                "(adapter_config.json with rank_pattern and alpha_pattern, adapter_model.safetensors) and extraction.csv."})
final class ExtractCommand implements Callable<Integer> {
    @Option(names = "--base", paramLabel = "B", required = true, description = "the checkpoint before fine-tuning")
    Path base;
    @Option(names = "--tuned", paramLabel = "T", required = true, description = "the checkpoint after fine-tuning")
    Path tuned;
    @Option(names = "--rank", paramLabel = "R", description = "the same rank R in every module (at most min(out, in))")
    Integer rank;
    @Option(names = "--energy", paramLabel = "SHARE",
            description = "per module, the smallest rank keeping this share of sum sigma^2, in (0, 1]")
    Double energy;
    @Option(names = "--budget", paramLabel = "N",
            description = "N trainable parameters in all, ranks greedy on sigma^2 per parameter (at least 1 per module)")
    Long budget;
    @Option(names = "--modules", paramLabel = "REGEX", description = "only weight tensors whose name contains a match")
    String modules;
    @Option(names = "--conv1d", description = "2-D tensors are GPT-2 Conv1D weights stored [in, out] (the adapter says fan_in_fan_out)")
    boolean conv1d;
    @Option(names = "--skip-mismatched", description = "skip tensors present in one checkpoint only or with different shapes")
    boolean skipMismatched;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the adapter folder to write (new or empty)")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() throws IOException {
        AdapterExtraction.RankChoice choice = choice();
        checkOut();
        CheckpointAnalysis.Options options = new CheckpointAnalysis.Options(RegexOption.compile("--modules", modules), OptionalInt.empty(), conv1d,
                skipMismatched);
        long start = System.nanoTime();
        AdapterExtraction.Extraction extraction;
        try (Progress progress = new Progress("extract", command.commandLine().getErr());
             Checkpoint b = Checkpoint.open(base); Checkpoint t = Checkpoint.open(tuned)) {
            extraction = AdapterExtraction.extract(b, t, options, choice, progress);
        }
        write(extraction);
        List<String> zero = extraction.modules().stream().filter(m -> m.sigma().length == 0 || m.sigma()[0] == 0
                || m.rank() == 0).map(AdapterExtraction.Module::module).toList();
        if (!zero.isEmpty()) {
            command.commandLine().getErr().println("warning: " + zero.size() + " of " + extraction.modules().size()
                    + " modules have a zero update (their factors are zero): " + String.join(", ", zero));
        }
        long parameters = extraction.modules().stream().mapToLong(m -> (long) m.rank() * (m.rows() + m.cols())).sum();
        double worst = extraction.modules().stream().mapToDouble(AdapterExtraction.Module::keptEnergy).min().orElse(1);
        command.commandLine().getOut().printf(Locale.ROOT, "extracted %d modules (%d skipped), %,d parameters, kept energy "
                        + ">= %.4f in every module, in %.1f s: %s%n", extraction.modules().size(), extraction.skipped().size(),
                parameters, worst, (System.nanoTime() - start) / 1e9, out);
        return 0;
    }

    private AdapterExtraction.RankChoice choice() {
        int given = (rank != null ? 1 : 0) + (energy != null ? 1 : 0) + (budget != null ? 1 : 0);
        if (given != 1) {
            throw new BadInputException("give one of --rank R, --energy SHARE or --budget N");
        }
        if (rank != null) {
            if (rank < 1) {
                throw new BadInputException("--rank must be >= 1, got " + rank);
            }
            return new AdapterExtraction.RankChoice.Fixed(rank);
        }
        if (energy != null) {
            if (!(energy > 0 && energy <= 1)) {
                throw new BadInputException("--energy must be in (0, 1], got " + energy);
            }
            return new AdapterExtraction.RankChoice.Energy(energy);
        }
        if (budget < 1) {
            throw new BadInputException("--budget must be >= 1, got " + budget);
        }
        return new AdapterExtraction.RankChoice.Budget(budget);
    }

    private void checkOut() throws IOException {
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BadInputException(out + ": --out exists and is not a folder");
        }
        if (Files.isDirectory(out)) {
            try (var entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new BadInputException(out + ": --out is not empty; choose a new folder");
                }
            }
        }
    }

    /** Writes the folder beside {@code out}, then moves it into place: it appears whole or not at all. */
    private void write(AdapterExtraction.Extraction extraction) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, ".extract-");
        try {
            extraction.adapter().write(staging, DType.F32);
            ReportWriter.writeCsv(AdapterExtraction.table(extraction), staging.resolve("extraction.csv"));
            Files.deleteIfExists(out); // an empty folder, checked above
            Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            TemporaryFolders.deleteQuietly(staging);
        }
    }
}
