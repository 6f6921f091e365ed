package org.loralab.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.loralab.BadInputException;
import org.loralab.report.ExperimentReport;
import org.loralab.report.ReportWriter;
import org.loralab.report.RunInfo;
import org.loralab.sweep.ExperimentResults;
import org.loralab.sweep.ExperimentRunner;
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
        Instant started = Instant.now();
        ExperimentResults results;
        try (Progress progress = new Progress(spec.name(), command.commandLine().getErr())) {
            results = ExperimentRunner.run(spec, outDir, new ExperimentRunner.Options(workers, fresh, progress));
        }
        Instant finished = Instant.now();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("command", "loralab run " + specFile + (out != null ? " --out " + out : "")
                + " --workers " + workers + (fresh ? " --fresh" : ""));
        info.put("spec_file", specFile.toString());
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
        var outStream = command.commandLine().getOut();
        new ExperimentReport(results, info).verdict().forEach(line -> outStream.println("- " + line.replace("**", "")));
        outStream.println("report: " + outDir.resolve("report.md"));
        return 0;
    }
}
