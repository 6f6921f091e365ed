package org.loralab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.sweep.ExperimentResults;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.ExperimentSpec;
import org.loralab.sweep.SpecReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loralab merge DIR...}: the output folders of the shards of one sweep, combined into one report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combines the output folders of loralab run --shard I/N (all shards of the same spec) into one",
                "folder with the full report; fails, writing no report, when a job has run in no shard."})
final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "the shards' output folders")
    List<Path> shards;

    @Option(names = "--out", paramLabel = "DIR", description = "where the merged results and report go (default: the first DIR)")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        ExperimentSpec spec = null;
        String fingerprint = null;
        for (Path shard : shards) {
            Path copy = shard.resolve(".jobs").resolve(RunCommand.SPEC_COPY);
            if (!Files.isRegularFile(copy)) {
                throw new BadInputException(shard + ": no .jobs/" + RunCommand.SPEC_COPY + " (not a finished loralab run"
                        + " --shard folder?)");
            }
            ExperimentSpec s = SpecReader.read(copy);
            if (fingerprint != null && !fingerprint.equals(ExperimentRunner.fingerprint(s))) {
                throw new BadInputException(shard + ": ran a different spec than " + shards.get(0));
            }
            spec = s;
            fingerprint = ExperimentRunner.fingerprint(s);
        }
        Path outDir = out != null ? out : shards.get(0);
        Instant started = Instant.now();
        ExperimentResults results;
        try (Progress progress = new Progress(spec.name(), command.commandLine().getErr())) {
            results = ExperimentRunner.merge(spec, shards, outDir, progress);
        }
        RunCommand.report(spec, results, outDir, "loralab merge " + String.join(" ", shards.stream().map(Path::toString).toList())
                + (out != null ? " --out " + out : ""), shards.get(0).resolve(".jobs").resolve(RunCommand.SPEC_COPY).toString(),
                started, command.commandLine().getOut());
        return 0;
    }
}
