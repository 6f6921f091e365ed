package org.loralab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.report.Experiments;
import org.loralab.report.Studies;
import org.loralab.results.ExperimentResults;
import org.loralab.study.StudyResults;
import org.loralab.study.StudySpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code loralab merge DIR...}: the output folders of the shards of one sweep, combined into one report. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combines the output folders of loralab run --shard I/N (all shards of the same spec) into one",
                "folder with the full report; fails, writing no report, when a job has run in no shard. Shards of a study",
                "merge each of its experiments, then write the study report."})
final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", arity = "1..*", description = "the shards' output folders")
    List<Path> shards;

    @Option(names = "--out", paramLabel = "DIR", description = "where the merged results and report go (default: the first DIR)")
    Path out;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Path outDir = out != null ? out : shards.get(0);
        String commandLine = "loralab merge " + String.join(" ", shards.stream().map(Path::toString).toList())
                + (out != null ? " --out " + out : "");
        if (Studies.isStudyFolder(shards.get(0))) {
            StudySpec study = Studies.shardStudy(shards);
            StudyResults results = Studies.merge(study, shards, outDir,
                    p -> new Progress(study.name() + "/" + p.label(), command.commandLine().getErr()), commandLine);
            Studies.verdict(results).forEach(line -> command.commandLine().getOut().println("- " + line));
            command.commandLine().getOut().println("report: " + outDir.resolve("report.md"));
            return 0;
        }
        ExperimentResults results;
        ExperimentSpec spec = Experiments.shardSpec(shards);
        try (Progress progress = new Progress(spec.name(), command.commandLine().getErr())) {
            results = Experiments.merge(spec, shards, outDir, progress, commandLine);
        }
        RunCommand.printVerdict(results, outDir, command.commandLine().getOut());
        return 0;
    }
}
