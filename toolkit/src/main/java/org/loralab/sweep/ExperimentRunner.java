package org.loralab.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.loralab.BadInputException;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.Method;
import org.loralab.experiment.SeedScope;
import org.loralab.io.AtomicFiles;
import org.loralab.io.Hashes;
import org.loralab.linalg.MatrixBridge;
import org.loralab.results.AdapterComparison;
import org.loralab.results.ExperimentResults;
import org.loralab.results.JobResult;
import org.loralab.results.UpdateNames;
import org.loralab.spectrum.UpdateSpectrum;
import org.loralab.task.Task;

/**
 * Runs every job of an experiment, skipping those a previous run of the same spec finished, and
 * collects the results. Jobs are independent and seeded, so any number of workers gives the same
 * numbers.
 */
public final class ExperimentRunner {
    /**
     * The version of the stored job format (2: trials carry their task metric; 3: and their LoRA configuration; 4: a
     * trial per learning rate, with its validation metric and whether it was chosen).
     */
    private static final String JOB_FORMAT = "jobs-v4 ";

    private ExperimentRunner() {
    }

    /**
     * Options of a run.
     *
     * @param workers  jobs run at the same time, >= 1
     * @param fresh    discard stored results first
     * @param listener progress reports
     * @param shard    the jobs this run takes
     * @param baseDir  where the task keeps what it builds once (a pretrained base model); empty: {@code <out>/.base}
     */
    public record Options(int workers, boolean fresh, RunListener listener, Shard shard, Optional<Path> baseDir) {
        public Options {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be >= 1, got " + workers);
            }
        }

        /** The task's files in {@code <out>/.base}. */
        public Options(int workers, boolean fresh, RunListener listener, Shard shard) {
            this(workers, fresh, listener, shard, Optional.empty());
        }

        /** Every job. */
        public Options(int workers, boolean fresh, RunListener listener) {
            this(workers, fresh, listener, Shard.ALL);
        }

        /** The same options with another listener. */
        public Options withListener(RunListener newListener) {
            return new Options(workers, fresh, newListener, shard, baseDir);
        }

        public static Options defaults() {
            return new Options(1, false, RunListener.SILENT);
        }
    }

    /**
     * The jobs of {@code spec}, in a fixed order: per seed, each method's ({@link ExperimentSpec#sweeps()}): full
     * fine-tuning, then LoRA by configuration and rank, then the subspace dimensions, then the other methods.
     */
    public static List<Job> jobs(ExperimentSpec spec) {
        List<Job> jobs = new ArrayList<>();
        for (long seed : spec.seeds()) {
            spec.sweeps().forEach(sweep -> jobs.addAll(sweep.jobs(seed)));
        }
        return jobs;
    }

    /**
     * Runs (or resumes) {@code spec}, keeping finished jobs under {@code outDir/.jobs}, and returns the results.
     * Writes nothing else; turning results into files is the report's job. With a partial shard, runs that
     * shard's jobs and returns empty: the results need every shard ({@code loralab merge}).
     */
    public static Optional<ExperimentResults> run(ExperimentSpec spec, Path outDir, Options options) {
        Path jobDir = outDir.resolve(".jobs");
        try {
            Files.createDirectories(jobDir); // fail now, not after the first job, when the folder cannot be made
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JobStore store = JobStore.of(jobDir, spec);
        if (options.fresh()) {
            store.clear();
        }
        List<Job> all = jobs(spec);
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (options.shard().includes(i)) {
                jobs.add(all.get(i));
            }
        }
        List<JobResult> done = new ArrayList<>();
        List<Job> pending = new ArrayList<>();
        for (Job job : jobs) {
            Optional<JobResult> stored = store.load(job);
            stored.ifPresentOrElse(done::add, () -> pending.add(job));
        }
        options.listener().started(jobs.size(), done.size());
        long building = System.nanoTime();
        TrainedModels models = TrainedModels.of(spec, options.baseDir().orElse(outDir.resolve(".base")),
                options.listener()::preparing);
        options.listener().ready((System.nanoTime() - building) / 1e9);
        done.stream().filter(j -> j.job().method() == Method.FULL).forEach(j -> models.rememberFullSpectra(j.job().seed(),
                fullSigmas(j)));
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
        if (!options.shard().isAll()) {
            return Optional.empty();
        }
        List<UpdateSpectrum> planted = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean perSeed = spec.protocol().seedScope() == SeedScope.ALL;
        for (long seed : perSeed ? spec.seeds() : List.of(spec.seeds().get(0))) {
            Task t = models.task(seed);
            t.plantedUpdates().forEach((name, dw) -> planted.add(UpdateSpectrum.of(perSeed ? UpdateNames.planted(seed, name)
                    : UpdateNames.planted(name), dw, MatrixBridge.toEjml(t.baseModel().module(name).base().weight().value()))));
            t.notes().forEach(n -> notes.add(perSeed ? "Seed " + seed + ": " + n : n));
        }
        return Optional.of(ExperimentResults.of(spec, done, planted, notes, AdapterComparison.of(spec, store)));
    }

    /** The singular values of a stored full job's updates by module (what energy allocation needs). */
    private static Map<String, double[]> fullSigmas(JobResult full) {
        String prefix = UpdateNames.full(full.job().seed(), "");
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        full.spectra().stream().filter(s -> s.tensor().startsWith(prefix))
                .forEach(s -> out.put(s.tensor().substring(prefix.length()), s.sigma()));
        return out;
    }

    /**
     * Combines the finished jobs of shard folders into {@code outDir} (job files copied; a job found in two
     * shards must be stored identically) and returns the results; every job must have run in some shard.
     */
    public static ExperimentResults merge(ExperimentSpec spec, List<Path> shardDirs, Path outDir, RunListener listener) {
        return merge(spec, shardDirs, outDir, new Options(1, false, listener));
    }

    /** {@link #merge(ExperimentSpec, List, Path, RunListener)} with the task's files where {@code options} say. */
    public static ExperimentResults merge(ExperimentSpec spec, List<Path> shardDirs, Path outDir, Options options) {
        Path jobDir = outDir.resolve(".jobs");
        try {
            Files.createDirectories(jobDir);
            for (Path shard : shardDirs) {
                Path from = shard.resolve(".jobs");
                if (!Files.isDirectory(from)) {
                    throw new BadInputException(shard + ": no .jobs folder (not the output of loralab run)");
                }
                try (var files = Files.list(from)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".adapter")).sorted().toList()) {
                        copyFolder(f, jobDir.resolve(f.getFileName()));
                    }
                }
                try (var files = Files.list(from)) {
                    for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                        Path to = jobDir.resolve(f.getFileName());
                        if (Files.exists(to) && !java.util.Arrays.equals(Files.readAllBytes(to), Files.readAllBytes(f))) {
                            throw new BadInputException(f + ": job stored differently in " + to + " (shards of different runs?)");
                        }
                        if (!Files.exists(to)) {
                            AtomicFiles.copy(f, to);
                        }
                    }
                }
                if (Files.isDirectory(shard.resolve(".base"))) { // a pretrained base saves the merge from training it again
                    copyFolder(shard.resolve(".base"), options.baseDir().orElse(outDir.resolve(".base")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JobStore store = JobStore.of(jobDir, spec);
        List<String> missing = jobs(spec).stream().filter(j -> store.load(j).isEmpty()).map(Job::toString).toList();
        if (!missing.isEmpty()) {
            throw new BadInputException(missing.size() + " jobs have not run in any of the shards " + shardDirs + ", for example "
                    + missing.get(0) + "; run the missing shards, then merge again");
        }
        return run(spec, outDir, new Options(1, false, options.listener(), Shard.ALL, options.baseDir())).orElseThrow();
    }

    /** Copies the files of {@code from} that {@code to} lacks (atomically each). */
    public static void copyFolder(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                if (!Files.exists(to.resolve(f.getFileName()))) {
                    AtomicFiles.copy(f, to.resolve(f.getFileName()));
                }
            }
        }
    }

    /** SHA-256 of the spec's canonical text: equal settings, equal fingerprints, whatever the name and description. */
    public static String fingerprint(ExperimentSpec spec) {
        // the format number makes jobs stored by an older toolkit (different fields) count as another spec
        return Hashes.sha256Hex(JOB_FORMAT + spec.canonicalText());
    }

    /** The fingerprint that jobs stored before {@link ExperimentSpec#canonicalText()} carry: they still count. */
    public static String formerFingerprint(ExperimentSpec spec) {
        return Hashes.sha256Hex(JOB_FORMAT + spec.formerCanonicalText());
    }
}
