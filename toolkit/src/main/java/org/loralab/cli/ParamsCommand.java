package org.loralab.cli;

import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraLinear;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Linear;
import org.loralab.nn.Parameter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code loralab params}: trainable parameters of a LoRA adapter against full fine-tuning of one weight. */
@Command(name = "params", mixinStandardHelpOptions = true,
        description = "Counts the trainable parameters of LoRA on one d x k weight against full fine-tuning of it.")
final class ParamsCommand implements Callable<Integer> {

    @Option(names = "--out-features", paramLabel = "D", defaultValue = "4096", description = "rows d of W (default: ${DEFAULT-VALUE})")
    int outFeatures;

    @Option(names = "--in-features", paramLabel = "K", defaultValue = "4096", description = "columns k of W (default: ${DEFAULT-VALUE})")
    int inFeatures;

    @Option(names = "--rank", paramLabel = "R", defaultValue = "8", description = "LoRA rank r (default: ${DEFAULT-VALUE})")
    int rank;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        if (outFeatures < 1 || inFeatures < 1) {
            throw new BadInputException("--out-features and --in-features must be >= 1");
        }
        if (rank < 1 || rank > Math.min(outFeatures, inFeatures)) {
            throw new BadInputException("--rank must be in [1, min(d, k)] = [1, " + Math.min(outFeatures, inFeatures)
                    + "], got " + rank);
        }
        // count on a real layer, so the number is what training would update
        Linear base = new Linear(Nd4j.zeros(DataType.FLOAT, outFeatures, inFeatures), Nd4j.zeros(DataType.FLOAT, outFeatures));
        long full = base.weight().size();
        LoraLinear lora = new LoraLinear(base);
        lora.addAdapter("default", LoraConfig.of(rank, TargetModules.names("weight")), 0);
        long adapter = lora.trainableParameters().stream().mapToLong(Parameter::size).sum();
        command.commandLine().getOut().printf(java.util.Locale.ROOT,
                "W: %d x %d. Full fine-tuning trains %,d weights; LoRA r = %d trains %,d (A: %d x %d, B: %d x %d), "
                        + "%.2f%% fewer.%n",
                outFeatures, inFeatures, full, rank, adapter, rank, inFeatures, outFeatures, rank,
                100.0 * (full - adapter) / full);
        return 0;
    }
}
