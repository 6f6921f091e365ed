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
        String text;
        try {
            text = Files.readString(specFile);
        } catch (IOException e) {
            throw new BadInputException(specFile + ": cannot read: " + e.getMessage());
        }
        return run(spec, text, specFile.toString(), outDir, options, command);
    }

    /**
     * {@link #run(ExperimentSpec, Path, Path, ExperimentRunner.Options, String)} for a spec given as text (a study's
     * point): {@code specText} is kept with the jobs, {@code specSource} names it in the provenance.
     */
    public static Optional<ExperimentResults> run(ExperimentSpec spec, String specText, String specSource, Path outDir,
                                                  ExperimentRunner.Options options, String command) {
        Instant started = Instant.now();
        Optional<ExperimentResults> results = ExperimentRunner.run(spec, outDir, options);
        AtomicFiles.writeString(specCopy(outDir), specText); // after the run: the jobs there are this spec's now
        results.ifPresent(r -> writeReport(r, outDir, RunInfo.provenance(r, command, specSource, started)));
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
        return merge(spec, shards, outDir, new ExperimentRunner.Options(1, false, listener), command);
    }

    /** {@link #merge(ExperimentSpec, List, Path, RunListener, String)} with the task's files where {@code options} say. */
    public static ExperimentResults merge(ExperimentSpec spec, List<Path> shards, Path outDir,
                                          ExperimentRunner.Options options, String command) {
        Instant started = Instant.now();
        ExperimentResults results = ExperimentRunner.merge(spec, shards, outDir, options);
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

    /** Where a run keeps its spec: {@code <out>/.jobs/spec.yaml}. */
    public static Path specCopy(Path outDir) {
        return outDir.resolve(".jobs").resolve(SPEC_COPY);
    }

}
