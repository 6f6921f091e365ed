package org.loralab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.loralab.BadInputException;
import org.loralab.checkpoint.CheckpointAnalysis;
import org.loralab.format.Checkpoint;
import org.loralab.peft.PeftAdapter;

/**
 * {@code loralab spectrum} as a library call: the update spectra of a checkpoint pair, of a checkpoint of updates or
 * of a PEFT adapter, analysed and written as a report ({@link CheckpointReport}). The command line and notebooks
 * ({@code Lab.checkpointReport}) produce the same files from the same inputs.
 */
public final class CheckpointSpectra {
    private CheckpointSpectra() {
    }

    /** What is analysed. */
    public sealed interface Input permits Pair, Deltas, Adapter {
    }

    /** dW = tuned - base. */
    public record Pair(Path base, Path tuned) implements Input {
    }

    /** A checkpoint whose tensors are the updates dW themselves. */
    public record Deltas(Path deltas) implements Input {
    }

    /** dW = scaling B A of a PEFT adapter folder; {@code base} (may be null) gives relative_update. */
    public record Adapter(Path adapter, Path base) implements Input {
    }

    /**
     * Analyses {@code input} and writes {@code layers.csv}, {@code spectrum.csv}, {@code report.md} and the figures
     * into {@code outDir} (made when missing).
     *
     * @throws BadInputException when {@code outDir} is a file, or nothing was left to analyse
     */
    public static CheckpointAnalysis.Result report(Input input, CheckpointAnalysis.Options options, Path outDir,
                                                   CheckpointAnalysis.Listener listener) {
        // what: the inputs in a sentence; the report opens with a note when some updates are zero
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new BadInputException(outDir + ": the output folder exists and is not a folder");
        }
        long start = System.nanoTime();
        CheckpointAnalysis.Result result;
        String what;
        if (input instanceof Adapter a) {
            PeftAdapter adapter = PeftAdapter.read(a.adapter());
            try (Checkpoint b = a.base() == null ? null : Checkpoint.open(a.base())) {
                result = CheckpointAnalysis.adapter(adapter, b, options, listener);
            }
            what = "dW = scaling B A of the PEFT adapter `" + a.adapter() + "` (r = " + adapter.rank() + ", lora_alpha = "
                    + adapter.alpha() + (adapter.useRslora() ? ", rsLoRA" : "") + "), exact from the factors; only the r "
                    + "nonzero singular values are listed" + (a.base() == null ? "" : "; base `" + a.base() + "`") + ".";
        } else if (input instanceof Pair p) {
            try (Checkpoint b = Checkpoint.open(p.base()); Checkpoint t = Checkpoint.open(p.tuned())) {
                result = CheckpointAnalysis.pair(b, t, options, listener);
            }
            what = "dW = tuned - base with base `" + p.base() + "` and tuned `" + p.tuned() + "`.";
        } else {
            Deltas d = (Deltas) input;
            try (Checkpoint c = Checkpoint.open(d.deltas())) {
                result = CheckpointAnalysis.deltas(c, options, listener);
            }
            what = "Updates dW read from `" + d.deltas() + "` (no base: relative_update is empty).";
        }
        if (result.spectra().isEmpty()) {
            throw new BadInputException("no 2-D tensor to analyse" + (options.include() == null ? ""
                    : " matches " + options.include().pattern()));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        what = CheckpointAnalysis.Result.zeroSentence(result.spectra()).map(z -> "**Note: " + z + ".** ").orElse("") + what;
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CheckpointReport.write(result, outDir, what, method(input, options), seconds);
        return result;
    }

    /** How the singular values were computed, as the report says it. */
    static String method(Input input, CheckpointAnalysis.Options options) {
        if (input instanceof Adapter) {
            return "QR of B and A^T and the SVD of the r x r core (exact, double)";
        }
        return options.topK().isEmpty() ? "all of them (LAPACK dgesdd, double)"
                : "the top " + options.topK().getAsInt() + " (randomized SVD, 10 extra samples, 2 power iterations; all of "
                        + "them for matrices with min(d, k) <= " + options.topK().getAsInt() + ")";
    }
}
