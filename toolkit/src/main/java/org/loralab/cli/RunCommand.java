package org.loralab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.SpecReader;
import org.loralab.report.Experiments;
import org.loralab.results.ExperimentResults;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loralab run SPEC.yaml}: runs or resumes an experiment and writes its report. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs an experiment spec and writes its report. Re-running resumes: finished trials are kept.")
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC", description = "experiment spec (YAML), e.g. experiments/planted-rank.yaml")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: reports/<spec name>/)")
    Path out;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "1", description = "trials run at the same time (default: ${DEFAULT-VALUE})")
    int workers;

    @Option(names = "--fresh", description = "discard results of earlier runs in the output folder")
    boolean fresh;

    @Option(names = "--shard", paramLabel = "I/N", description = {"run only shard I of N (0 <= I < N; job i goes to shard i mod N),",
            "for a scheduler's job array; combine the shards' folders with loralab merge. 'auto' takes I and N from",
            "a Slurm job array; 'auto/N' takes I from SLURM_ARRAY_TASK_ID or Kubernetes' JOB_COMPLETION_INDEX"})
    String shard;

    @Option(names = "--check", description = "check the spec and the options, print the jobs it would run, write nothing")
    boolean check;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        ExperimentSpec spec = SpecReader.read(specFile); // all input checks happen before anything is written
        if (workers < 1) {
            throw new BadInputException("--workers must be >= 1, got " + workers);
        }
        Path outDir = out != null ? out : Path.of("reports", spec.name());
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new BadInputException(outDir + ": exists and is not a folder");
        }
        Shard part;
        try {
            part = shard == null ? Shard.ALL : Shard.parse(shard, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--shard: " + e.getMessage());
        }
        if (check) {
            java.util.List<org.loralab.experiment.Job> jobs = ExperimentRunner.jobs(spec);
            java.util.Map<String, Long> byMethod = new java.util.LinkedHashMap<>();
            jobs.forEach(j -> byMethod.merge(j.method().label(), 1L, Long::sum));
            command.commandLine().getOut().println(specFile + ": valid; " + jobs.size() + " jobs (" + byMethod.entrySet()
                    .stream().map(e -> e.getValue() + " " + e.getKey()).collect(java.util.stream.Collectors.joining(", "))
                    + ") over seeds " + spec.seeds() + ", into " + outDir + (part.isAll() ? "" : ", shard " + part)
                    + "; nothing written");
            return 0;
        }
        String commandLine = "loralab run " + specFile + (out != null ? " --out " + out : "") + " --workers " + workers
                + (fresh ? " --fresh" : "");
        Optional<ExperimentResults> results;
        try (Progress progress = new Progress(spec.name() + (part.isAll() ? "" : " shard " + part),
                command.commandLine().getErr())) {
            results = Experiments.run(spec, specFile, outDir, new ExperimentRunner.Options(workers, fresh, progress, part),
                    commandLine);
        }
        if (results.isEmpty()) {
            command.commandLine().getOut().println("shard " + part + " done in " + outDir + "; when every shard is done: "
                    + "loralab merge SHARD_DIR... --out DIR");
            return 0;
        }
        printVerdict(results.get(), outDir, command.commandLine().getOut());
        return 0;
    }

    /** Prints the verdict and where the report is. */
    static void printVerdict(ExperimentResults results, Path outDir, PrintWriter out) {
        Experiments.verdict(results).forEach(line -> out.println("- " + line));
        out.println("report: " + outDir.resolve("report.md"));
    }
}
