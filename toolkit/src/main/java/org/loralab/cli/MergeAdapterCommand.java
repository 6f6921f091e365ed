package org.loralab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.format.Checkpoint;
import org.loralab.peft.AdapterMerge;
import org.loralab.peft.PeftAdapter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loralab merge-adapter}: a PEFT adapter merged into a safetensors base, written as one safetensors file. */
@Command(name = "merge-adapter", mixinStandardHelpOptions = true,
        description = {"Merges a PEFT LoRA adapter into a base checkpoint: W' = W + scaling B A in double, rounded to each",
                "weight's type; every other tensor is copied. Prints what the rounding did to the updates."})
final class MergeAdapterCommand implements Callable<Integer> {
    @Option(names = "--base", paramLabel = "B", required = true, description = "the base checkpoint (file, index or folder)")
    Path base;
    @Option(names = "--adapter", paramLabel = "DIR", required = true, description = "the PEFT adapter folder")
    Path adapter;
    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the merged .safetensors file to write")
    Path out;
    @Option(names = "--conv1d", description = {"the adapted base weights are GPT-2 Conv1D weights stored [in, out]: add the",
            "update transposed (PEFT's fan_in_fan_out; implied when adapter_config.json says fan_in_fan_out: true)"})
    boolean conv1d;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (Files.isDirectory(out)) {
            throw new BadInputException(out + ": --out is a folder; give a .safetensors file name");
        }
        PeftAdapter read = PeftAdapter.read(adapter);
        PeftAdapter a = conv1d ? read.withFanInFanOut(true) : read;
        List<AdapterMerge.Rounding> roundings;
        try (Checkpoint b = Checkpoint.open(base)) {
            roundings = AdapterMerge.merge(b, a, out);
        }
        AdapterMerge.Rounding worst = roundings.stream().max(Comparator.comparingDouble(AdapterMerge.Rounding::relativeToUpdate))
                .orElseThrow();
        command.commandLine().getOut().printf(Locale.ROOT, "merged %d modules into %s; rounding to %s changed the updates by"
                        + " at most %.3g of their Frobenius norm (%s; max |error| %.3g)%n", roundings.size(), out, worst.dtype(),
                worst.relativeToUpdate(), worst.module(), worst.maxAbsError());
        return 0;
    }
}
