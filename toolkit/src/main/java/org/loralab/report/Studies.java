package org.loralab.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.loralab.BadInputException;
import org.loralab.io.AtomicFiles;
import org.loralab.results.ExperimentResults;
import org.loralab.study.StudyPoint;
import org.loralab.study.StudyReader;
import org.loralab.study.StudyResults;
import org.loralab.study.StudySpec;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.RunListener;
import org.loralab.sweep.Shard;

/**
 * A study from spec file to report, as {@code loralab run} and {@code loralab merge} do it for a spec with a
 * {@code study} section: each point runs (or resumes, or runs its shard) in {@code <out>/<label>/} exactly like a
 * spec of its own, with the base models they build kept once in {@code <out>/.base/}; then the study report goes in
 * {@code <out>/}. The study's spec is kept in {@code <out>/.study/}, so that shards merge without it.
 */
public final class Studies {
    /** The copy of the study spec kept in {@code <out>/.study/}. */
    public static final String SPEC_COPY = "study.yaml";

    private Studies() {
    }

    /**
     * Runs or resumes every point of {@code study} into {@code outDir} and writes the study report; empty when
     * {@code options} run one shard (each point's jobs i with i mod N = I).
     *
     * @param listeners a listener for each point (closed after the point when it is {@link AutoCloseable})
     */
    public static Optional<StudyResults> run(StudySpec study, Path specFile, Path outDir, ExperimentRunner.Options options,
                                             Function<StudyPoint, RunListener> listeners, String command) {
        Instant started = Instant.now();
        String text = read(specFile);
        Map<String, ExperimentResults> byPoint = new LinkedHashMap<>();
        for (StudyPoint p : study.points()) {
            RunListener listener = listeners.apply(p);
            try {
                Experiments.run(p.spec(), p.specText(), specFile + " (" + p.label() + ")", outDir.resolve(p.label()),
                        pointOptions(options, listener, outDir), command).ifPresent(r -> byPoint.put(p.label(), r));
            } finally {
                close(listener);
            }
        }
        AtomicFiles.writeString(specCopy(outDir), text);
        if (!options.shard().isAll()) {
            return Optional.empty();
        }
        StudyResults results = StudyResults.of(study, byPoint);
        new StudyReport(results).write(outDir, provenance(study, command, specFile.toString(), started));
        return Optional.of(results);
    }

    /** Whether {@code dir} is the output folder of a study run (it keeps the study's spec). */
    public static boolean isStudyFolder(Path dir) {
        return Files.isRegularFile(specCopy(dir));
    }

    /** The study every one of {@code shards} ran (from the copies they keep); an error when they ran different ones. */
    public static StudySpec shardStudy(List<Path> shards) {
        String text = null;
        for (Path shard : shards) {
            if (!isStudyFolder(shard)) {
                throw new BadInputException(shard + ": no .study/" + SPEC_COPY + " (not a loralab run --shard folder of a study)");
            }
            String t = read(specCopy(shard));
            if (text != null && !text.equals(t)) {
                throw new BadInputException(shard + ": ran a different study than " + shards.get(0));
            }
            text = t;
        }
        return StudyReader.read(specCopy(shards.get(0)));
    }

    /**
     * Combines the shard folders of every point into {@code outDir} and writes every point's report and the study
     * report; fails, writing no study report, when a job ran in no shard.
     */
    public static StudyResults merge(StudySpec study, List<Path> shards, Path outDir,
                                     Function<StudyPoint, RunListener> listeners, String command) {
        Instant started = Instant.now();
        String text = read(specCopy(shards.get(0)));
        try {
            for (Path shard : shards) {
                if (Files.isDirectory(shard.resolve(".base"))) {
                    ExperimentRunner.copyFolder(shard.resolve(".base"), outDir.resolve(".base"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, ExperimentResults> byPoint = new LinkedHashMap<>();
        for (StudyPoint p : study.points()) {
            RunListener listener = listeners.apply(p);
            try {
                Path pointOut = outDir.resolve(p.label());
                byPoint.put(p.label(), Experiments.merge(p.spec(), shards.stream().map(s -> s.resolve(p.label())).toList(),
                        pointOut, pointOptions(ExperimentRunner.Options.defaults(), listener, outDir), command));
                AtomicFiles.writeString(Experiments.specCopy(pointOut), p.specText());
            } finally {
                close(listener);
            }
        }
        AtomicFiles.writeString(specCopy(outDir), text);
        StudyResults results = StudyResults.of(study, byPoint);
        new StudyReport(results).write(outDir, provenance(study, command, specCopy(shards.get(0)).toString(), started));
        return results;
    }

    private static ExperimentRunner.Options pointOptions(ExperimentRunner.Options options, RunListener listener, Path outDir) {
        return new ExperimentRunner.Options(options.workers(), options.fresh(), listener, options.shard(),
                Optional.of(outDir.resolve(".base")));
    }

    /** run.json of the study: the command, the spec, each point's fingerprint and job time, the environment, times. */
    private static Map<String, Object> provenance(StudySpec study, String command, String specFile, Instant started) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("command", command);
        info.put("spec_file", specFile);
        info.put("study_name", study.name());
        Map<String, Object> points = new LinkedHashMap<>();
        study.points().forEach(p -> points.put(p.label(), ExperimentRunner.fingerprint(p.spec())));
        info.put("point_fingerprints", points);
        info.putAll(RunInfo.environment().toMap());
        Instant finished = Instant.now();
        info.put("started", started.toString());
        info.put("finished", finished.toString());
        info.put("run_seconds", Duration.between(started, finished).toMillis() / 1000.0);
        return info;
    }

    /** The verdict, one finding per line, as plain text. */
    public static List<String> verdict(StudyResults results) {
        return new StudyReport(results).verdict().stream().map(ReportDocument::plain).toList();
    }

    private static Path specCopy(Path outDir) {
        return outDir.resolve(".study").resolve(SPEC_COPY);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot read: " + e.getMessage());
        }
    }

    private static void close(RunListener listener) {
        if (listener instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
