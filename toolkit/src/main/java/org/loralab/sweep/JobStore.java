package org.loralab.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.loralab.BadInputException;
import org.loralab.experiment.Job;
import org.loralab.experiment.LoraVariant;
import org.loralab.format.DType;
import org.loralab.io.AtomicFiles;
import org.loralab.peft.PeftAdapter;
import org.loralab.results.AdapterComparison;
import org.loralab.results.JobResult;
import org.loralab.results.TrialResult;
import org.loralab.spectrum.UpdateSpectrum;

/**
 * Finished jobs of one experiment, one JSON file each under {@code <out>/.jobs/}, written atomically:
 * a kill loses at most the running jobs, and a re-run skips the finished ones. Each file carries the
 * spec's fingerprint, so results of a changed spec are never mixed in. A LoRA job's trained adapter is kept beside
 * its file as a PEFT folder, {@code <job id>.adapter/}, written before the job file that makes it count.
 */
public final class JobStore implements AdapterComparison.KeptAdapters {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // diverged trials have NaN losses
            .build();

    private final Path dir;
    private final String fingerprint;
    private final List<String> formerFingerprints;
    private final double epsilon;

    /**
     * @param epsilon machine epsilon of the experiment's precision, to rebuild the spectra's metrics
     */
    public JobStore(Path dir, String fingerprint, double epsilon) {
        this(dir, fingerprint, List.of(), epsilon);
    }

    /**
     * A store that also reads jobs stored under {@code formerFingerprints}, the same spec's fingerprints in earlier
     * toolkits; it writes new jobs under {@code fingerprint}.
     */
    public JobStore(Path dir, String fingerprint, List<String> formerFingerprints, double epsilon) {
        this.dir = dir;
        this.fingerprint = fingerprint;
        this.formerFingerprints = List.copyOf(formerFingerprints);
        this.epsilon = epsilon;
    }

    /** The store of {@code spec}'s jobs in {@code dir}, reading those that earlier toolkits stored for it too. */
    public static JobStore of(Path dir, org.loralab.experiment.ExperimentSpec spec) {
        return new JobStore(dir, ExperimentRunner.fingerprint(spec), List.of(ExperimentRunner.formerFingerprint(spec)),
                spec.precision().epsilon());
    }

    private Path file(Job job) {
        return dir.resolve(job.id() + ".json");
    }

    private Path adapterDir(Job job) {
        return dir.resolve(job.id() + ".adapter");
    }

    /** The trained adapter of a finished LoRA job, if the store holds it (older stores and diverged trials do not). */
    public Optional<PeftAdapter> adapter(Job job) {
        Path a = adapterDir(job);
        return Files.exists(file(job)) && Files.isRegularFile(a.resolve(PeftAdapter.CONFIG_FILE))
                ? Optional.of(PeftAdapter.read(a)) : Optional.empty();
    }

    /** The stored result of {@code job}, if it finished in an earlier run of the same spec. */
    @Override
    public Optional<PeftAdapter> find(LoraVariant variant, int rank, long seed) {
        return adapter(Job.lora(variant, rank, seed));
    }

    /** Whether {@code job} has finished (its file is written last and atomically, so it exists only when complete). */
    public boolean has(Job job) {
        return Files.isRegularFile(file(job));
    }

    public Optional<JobResult> load(Job job) {
        Path f = file(job);
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        Stored stored;
        try {
            stored = JSON.readValue(f.toFile(), Stored.class);
        } catch (IOException e) {
            throw new BadInputException(f + ": unreadable stored result (" + e.getMessage().lines().findFirst().orElse("")
                    + "); delete it or run with --fresh");
        }
        if (!fingerprint.equals(stored.fingerprint()) && !formerFingerprints.contains(stored.fingerprint())) {
            throw new BadInputException(dir.getParent() + ": holds results of a different spec; run with --fresh to discard"
                    + " them or choose another --out");
        }
        List<TrialResult> trials = stored.trials();
        List<UpdateSpectrum> spectra = stored.spectra().stream().map(s -> new UpdateSpectrum(s.tensor(), s.rows(), s.cols(),
                s.sigma(), org.loralab.spectrum.SpectrumMetrics.of(s.sigma(), s.rows(), s.cols(), epsilon),
                s.relativeUpdate() == null ? OptionalDouble.empty() : OptionalDouble.of(s.relativeUpdate()))).toList();
        return Optional.of(new JobResult(job, trials, spectra, stored.seconds(), null, stored.computedBy()));
    }

    public void save(JobResult result) {
        Stored stored = new Stored(fingerprint, result.job().id(),
                result.trials(),
                result.spectra().stream().map(s -> new StoredSpectrum(s.tensor(), s.rows(), s.cols(), s.sigma(),
                        s.relativeUpdate().isPresent() ? s.relativeUpdate().getAsDouble() : null)).toList(),
                result.seconds(), result.computedBy());
        if (result.adapter() != null) {
            result.adapter().write(adapterDir(result.job()), DType.F32);
        }
        AtomicFiles.write(file(result.job()), tmp -> JSON.writeValue(tmp.toFile(), stored));
    }

    /** Deletes every stored result (for --fresh). */
    public void clear() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!f.equals(dir)) {
                    Files.delete(f);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A job's file; {@code computedBy} is absent (null) in files written before it was kept. */
    record Stored(String fingerprint, String job, List<TrialResult> trials, List<StoredSpectrum> spectra, double seconds,
                  @JsonProperty("computed_by") String computedBy) {
    }

    record StoredSpectrum(String tensor, int rows, int cols, double[] sigma, Double relativeUpdate) {
    }
}
