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
import org.loralab.report.Studies;
import org.loralab.results.ExperimentResults;
import org.loralab.study.StudyReader;
import org.loralab.study.StudyResults;
import org.loralab.study.StudySpec;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.Shard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code loralab run SPEC.yaml}: runs or resumes an experiment and writes its report. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs an experiment spec and writes its report. Re-running resumes: finished trials are kept.",
                "A spec with a study section runs each of its experiments into DIR/<value>/, then the study report."})
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
        if (StudyReader.isStudy(specFile)) {
            return runStudy(StudyReader.read(specFile));
        }
        ExperimentSpec spec = SpecReader.read(specFile); // all input checks happen before anything is written
        Path outDir = outDir(spec.name());
        Shard part = shard();
        if (check) {
            command.commandLine().getOut().println(specFile + ": valid; " + jobSummary(spec) + ", into " + outDir
                    + (part.isAll() ? "" : ", shard " + part) + "; nothing written");
            return 0;
        }
        String commandLine = commandLine();
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

    /** Each point of the study in turn, then the study report. */
    private int runStudy(StudySpec study) {
        Path outDir = outDir(study.name());
        Shard part = shard();
        PrintWriter stdout = command.commandLine().getOut();
        if (check) {
            stdout.println(specFile + ": valid study of " + study.points().size() + " experiments, into " + outDir
                    + (part.isAll() ? "" : ", shard " + part) + "; nothing written");
            study.points().forEach(p -> stdout.println("  " + p.label() + ": " + jobSummary(p.spec())));
            return 0;
        }
        Optional<StudyResults> results = Studies.run(study, specFile, outDir, new ExperimentRunner.Options(workers, fresh,
                        org.loralab.sweep.RunListener.SILENT, part),
                p -> new Progress(study.name() + "/" + p.label() + (part.isAll() ? "" : " shard " + part),
                        command.commandLine().getErr()), commandLine());
        if (results.isEmpty()) {
            stdout.println("shard " + part + " done in " + outDir + "; when every shard is done: loralab merge SHARD_DIR... "
                    + "--out DIR");
            return 0;
        }
        Studies.verdict(results.get()).forEach(line -> stdout.println("- " + line));
        stdout.println("report: " + outDir.resolve("report.md"));
        return 0;
    }

    private Path outDir(String name) {
        if (workers < 1) {
            throw new BadInputException("--workers must be >= 1, got " + workers);
        }
        Path outDir = out != null ? out : Path.of("reports", name);
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new BadInputException(outDir + ": exists and is not a folder");
        }
        return outDir;
    }

    private Shard shard() {
        try {
            return shard == null ? Shard.ALL : Shard.parse(shard, System.getenv());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--shard: " + e.getMessage());
        }
    }

    private String commandLine() {
        return "loralab run " + specFile + (out != null ? " --out " + out : "") + " --workers " + workers
                + (fresh ? " --fresh" : "");
    }

    /** For example {@code 25 jobs (3 full, 18 lora, 4 subspace) over seeds [1, 2, 3]}. */
    private static String jobSummary(ExperimentSpec spec) {
        java.util.List<org.loralab.experiment.Job> jobs = ExperimentRunner.jobs(spec);
        java.util.Map<String, Long> byMethod = new java.util.LinkedHashMap<>();
        jobs.forEach(j -> byMethod.merge(j.method().label(), 1L, Long::sum));
        return jobs.size() + " jobs (" + byMethod.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(java.util.stream.Collectors.joining(", ")) + ") over seeds " + spec.seeds();
    }

    /** Prints the verdict and where the report is. */
    static void printVerdict(ExperimentResults results, Path outDir, PrintWriter out) {
        Experiments.verdict(results).forEach(line -> out.println("- " + line));
        out.println("report: " + outDir.resolve("report.md"));
    }
}
