package org.loralab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.io.AtomicFiles;
import org.loralab.report.ExperimentReport;
import org.loralab.report.ReportWriter;
import org.loralab.report.RunInfo;
import org.loralab.sweep.ExperimentResults;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.Shard;
import org.loralab.sweep.ExperimentSpec;
import org.loralab.sweep.SpecReader;
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
            "for a scheduler's job array; combine the shards' folders with loralab merge"})
    String shard;

    /** The copy of the spec kept with the jobs, so that shards can be merged without it. */
    static final String SPEC_COPY = "spec.yaml";

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
            part = shard == null ? Shard.ALL : Shard.parse(shard);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--shard: " + e.getMessage());
        }
        Instant started = Instant.now();
        Optional<ExperimentResults> results;
        try (Progress progress = new Progress(spec.name() + (part.isAll() ? "" : " shard " + part),
                command.commandLine().getErr())) {
            results = ExperimentRunner.run(spec, outDir, new ExperimentRunner.Options(workers, fresh, progress, part));
        }
        keepSpec(outDir); // after the run: the jobs there are this spec's now
        if (results.isEmpty()) {
            command.commandLine().getOut().println("shard " + part + " done in " + outDir + "; when every shard is done: "
                    + "loralab merge SHARD_DIR... --out DIR");
            return 0;
        }
        report(spec, results.get(), outDir, "loralab run " + specFile + (out != null ? " --out " + out : "")
                + " --workers " + workers + (fresh ? " --fresh" : ""), specFile.toString(), started,
                command.commandLine().getOut());
        return 0;
    }

    /** Copies the spec file next to the jobs (atomically), for {@code loralab merge}. */
    private void keepSpec(Path outDir) {
        try {
            Files.createDirectories(outDir.resolve(".jobs"));
            AtomicFiles.copy(specFile, outDir.resolve(".jobs").resolve(SPEC_COPY));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Writes the report files and prints the verdict. */
    static void report(ExperimentSpec spec, ExperimentResults results, Path outDir, String commandLine, String specFile,
                       Instant started, java.io.PrintWriter outStream) {
        Instant finished = Instant.now();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("command", commandLine);
        info.put("spec_file", specFile);
        info.put("spec_name", spec.name());
        info.put("spec_fingerprint", ExperimentRunner.fingerprint(spec));
        info.put("seeds", spec.seeds());
        info.put("precision", spec.precision().label());
        info.putAll(RunInfo.environment());
        info.put("started", started.toString());
        info.put("finished", finished.toString());
        info.put("run_seconds", Duration.between(started, finished).toMillis() / 1000.0);
        info.put("job_seconds", results.jobSeconds());
        ReportWriter.write(results, outDir, info);
        new ExperimentReport(results, info).verdict().forEach(line -> outStream.println("- " + line.replace("**", "")));
        outStream.println("report: " + outDir.resolve("report.md"));
    }
}
