package org.loralab.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.loralab.task.Task;
import org.loralab.linalg.MatrixBridge;
import org.loralab.spectrum.UpdateSpectrum;

/**
 * Runs every job of an experiment, skipping those a previous run of the same spec finished, and
 * collects the results. Jobs are independent and seeded, so any number of workers gives the same
 * numbers.
 */
public final class ExperimentRunner {
    /** The version of the stored job format (2: trials carry their task metric). */
    private static final String JOB_FORMAT = "jobs-v2 ";

    private ExperimentRunner() {
    }

    /**
     * Options of a run.
     *
     * @param workers  jobs run at the same time, >= 1
     * @param fresh    discard stored results first
     * @param listener progress reports
     */
    public record Options(int workers, boolean fresh, RunListener listener) {
        public Options {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
        }

        public static Options defaults() {
            return new Options(1, false, RunListener.SILENT);
        }
    }

    /** The jobs of {@code spec}, in a fixed order: per seed, full fine-tuning then LoRA by rank. */
    public static List<Job> jobs(ExperimentSpec spec) {
        List<Job> jobs = new ArrayList<>();
        for (long seed : spec.seeds()) {
            jobs.add(new Job(Method.FULL, 0, seed));
            for (int rank : spec.lora().ranks()) {
                jobs.add(new Job(Method.LORA, rank, seed));
            }
        }
        return jobs;
    }

    /**
     * Runs (or resumes) {@code spec}, keeping finished jobs under {@code outDir/.jobs}.
     * Writes nothing else; turning results into files is the report's job.
     */
    public static ExperimentResults run(ExperimentSpec spec, Path outDir, Options options) {
        Path jobDir = outDir.resolve(".jobs");
        try {
            Files.createDirectories(jobDir); // fail now, not after the first job, when the folder cannot be made
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JobStore store = new JobStore(jobDir, fingerprint(spec), spec.precision().epsilon());
        if (options.fresh()) {
            store.clear();
        }
        List<Job> jobs = jobs(spec);
        List<JobResult> done = new ArrayList<>();
        List<Job> pending = new ArrayList<>();
        for (Job job : jobs) {
            Optional<JobResult> stored = store.load(job);
            stored.ifPresentOrElse(done::add, () -> pending.add(job));
        }
        options.listener().started(jobs.size(), done.size());
        TrainedModels models = TrainedModels.of(spec, outDir.resolve(".base"));
        Task task = models.task();
        TrialRunner runner = new TrialRunner(spec, models);
        ExecutorService pool = Executors.newFixedThreadPool(options.workers());
        try {
            List<Future<JobResult>> futures = new ArrayList<>();
            for (Job job : pending) {
                futures.add(pool.submit(() -> {
                    JobResult result = runner.run(job);
                    store.save(result);
                    options.listener().finished(result);
                    return result;
                }));
            }
            for (Future<JobResult> f : futures) {
                done.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        List<UpdateSpectrum> planted = new ArrayList<>();
        task.plantedUpdates().forEach((name, dw) -> planted.add(UpdateSpectrum.of(TrialRunner.plantedName(name), dw,
                MatrixBridge.toEjml(task.baseModel().module(name).base().weight().value()))));
        return ExperimentResults.of(spec, done, planted);
    }

    /** SHA-256 of the spec's canonical text: equal specs, equal fingerprints. */
    public static String fingerprint(ExperimentSpec spec) {
        try {
            // the format number makes jobs stored by an older toolkit (different fields) count as another spec
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((JOB_FORMAT + spec.toString())
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
