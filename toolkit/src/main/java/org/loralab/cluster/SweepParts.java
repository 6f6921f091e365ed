package org.loralab.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.SpecReader;
import org.loralab.study.StudyPoint;
import org.loralab.study.StudyReader;
import org.loralab.study.StudySpec;
import org.loralab.sweep.ExperimentRunner;

/**
 * What a sweep on a cluster runs: one experiment in the output folder itself, or each experiment of a study in its
 * subfolder (every shard task runs its share of each).
 *
 * @param name  the spec's or the study's name
 * @param parts the experiments by subfolder ({@code ""}: the folder itself), in run order
 */
public record SweepParts(String name, Map<String, ExperimentSpec> parts) {
    public SweepParts {
        parts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parts));
    }

    /** Reads a spec file: a study when it has a {@code study} section, else one experiment. */
    public static SweepParts read(Path specFile) {
        if (StudyReader.isStudy(specFile)) {
            StudySpec study = StudyReader.read(specFile);
            Map<String, ExperimentSpec> parts = new LinkedHashMap<>();
            for (StudyPoint p : study.points()) {
                parts.put(p.label(), p.spec());
            }
            return new SweepParts(study.name(), parts);
        }
        ExperimentSpec spec = SpecReader.read(specFile);
        return new SweepParts(spec.name(), Map.of("", spec));
    }

    /** The most jobs of one part: a shard task has work while the array has at most this many tasks. */
    public int mostJobs() {
        return parts.values().stream().mapToInt(s -> ExperimentRunner.jobs(s).size()).max().orElse(0);
    }

    /** The folder of part {@code part} inside the output folder {@code dir}. */
    public static Path folder(Path dir, String part) {
        return part.isEmpty() ? dir : dir.resolve(part);
    }
}
