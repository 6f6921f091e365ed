package org.loralab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.loralab.BadInputException;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.SpecReader;
import org.loralab.io.AtomicFiles;
import org.loralab.results.ExperimentResults;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.RunListener;

/**
 * An experiment from spec file to report, as {@code loralab run} and {@code loralab merge} do it: the sweep, a copy of
 * the spec kept with its jobs (so that shards merge without it), and the report files with the run's provenance in
 * {@code run.json}. Front ends call these and only print.
 */
public final class Experiments {
    /** The copy of the spec kept in {@code <out>/.jobs/}, so that shards can be merged without it. */
    public static final String SPEC_COPY = "spec.yaml";

    private Experiments() {
    }

    /**
     * Runs or resumes {@code spec} (read from {@code specFile}) into {@code outDir} and writes its report; empty when
     * {@code options} run one shard, whose report waits for {@link #merge}.
     *
     * @param command how the run was asked for, for the provenance (a command line)
     */
    public static Optional<ExperimentResults> run(ExperimentSpec spec, Path specFile, Path outDir,
                                                  ExperimentRunner.Options options, String command) {
        Instant started = Instant.now();
        Optional<ExperimentResults> results = ExperimentRunner.run(spec, outDir, options);
        keepSpec(specFile, outDir); // after the run: the jobs there are this spec's now
        results.ifPresent(r -> writeReport(r, outDir, RunInfo.provenance(r, command, specFile.toString(), started)));
        return results;
    }

    /** The spec that every one of {@code shards} ran (from the copies they keep); an error when they ran different specs. */
    public static ExperimentSpec shardSpec(List<Path> shards) {
        ExperimentSpec spec = null;
        String fingerprint = null;
        for (Path shard : shards) {
            Path copy = specCopy(shard);
            if (!Files.isRegularFile(copy)) {
                throw new BadInputException(shard + ": no .jobs/" + SPEC_COPY + " (not a finished loralab run --shard folder?)");
            }
            ExperimentSpec s = SpecReader.read(copy);
            if (fingerprint != null && !fingerprint.equals(ExperimentRunner.fingerprint(s))) {
                throw new BadInputException(shard + ": ran a different spec than " + shards.get(0));
            }
            spec = s;
            fingerprint = ExperimentRunner.fingerprint(s);
        }
        return spec;
    }

    /**
     * Combines the output folders of every shard of {@code spec} into {@code outDir} and writes the report; fails,
     * writing no report, when a job ran in none of them.
     */
    public static ExperimentResults merge(ExperimentSpec spec, List<Path> shards, Path outDir, RunListener listener,
                                          String command) {
        Instant started = Instant.now();
        ExperimentResults results = ExperimentRunner.merge(spec, shards, outDir, listener);
        writeReport(results, outDir, RunInfo.provenance(results, command, specCopy(shards.get(0)).toString(), started));
        return results;
    }

    /** Writes the report files of {@code results} to {@code outDir}, with {@code provenance} as {@code run.json}. */
    public static void writeReport(ExperimentResults results, Path outDir, Provenance provenance) {
        ReportWriter.write(results, outDir, provenance);
    }

    /** The verdict, one finding per line, as plain text (the report's sentences without their Markdown marks). */
    public static List<String> verdict(ExperimentResults results) {
        return new ExperimentReport(results, Provenance.NONE).verdict().stream().map(ReportDocument::plain).toList();
    }

    private static Path specCopy(Path outDir) {
        return outDir.resolve(".jobs").resolve(SPEC_COPY);
    }

    private static void keepSpec(Path specFile, Path outDir) {
        try {
            Files.createDirectories(outDir.resolve(".jobs"));
            AtomicFiles.copy(specFile, specCopy(outDir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
