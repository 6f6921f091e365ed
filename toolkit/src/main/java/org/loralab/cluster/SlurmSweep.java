package org.loralab.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.loralab.BadInputException;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Job;
import org.loralab.experiment.SpecReader;
import org.loralab.io.AtomicFiles;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.sweep.JobStore;
import org.loralab.sweep.Shard;

/**
 * An experiment run as a Slurm job array: {@link #submit} the shards and a merge job, {@link #status}, {@link
 * #resubmit} the shards that did not finish (resuming them: their finished jobs are kept and not run again), and
 * {@link #await} the merged report. The job stores are the truth about what has finished; the scheduler only says
 * what is still queued or running.
 */
public final class SlurmSweep {
    private final Slurm slurm;

    public SlurmSweep(Slurm slurm) {
        this.slurm = slurm;
    }

    /**
     * What {@link #submit} will do, checked before anything is written or submitted.
     *
     * @param sweep the experiment (or the study's experiments), read from {@code specFile}
     * @param jar the toolkit jar the tasks will run (copied into the submission)
     */
    public record Plan(SweepParts sweep, Path specFile, SlurmLayout layout, int shardCount, Path jar,
                       BatchScripts scripts) {

        public static Plan of(SweepParts sweep, Path specFile, Path out, int shardCount, SlurmResources resources,
                              Path jar, Path workDir) {
            int jobs = sweep.mostJobs();
            if (shardCount < 1 || shardCount > jobs) {
                throw new BadInputException("--array: " + sweep.name() + " has " + jobs + " jobs" + (sweep.parts().size() > 1
                        ? " in its largest experiment" : "") + ", so the array has 1 to " + jobs + " tasks, got " + shardCount);
            }
            if (!Files.isRegularFile(jar)) {
                throw new BadInputException(jar + ": no such jar (build it with ./loralab --version, or give --jar)");
            }
            SlurmLayout layout = new SlurmLayout(out);
            TaskJvm jvm = TaskJvm.of(layout.jar(), resources);
            return new Plan(sweep, specFile, layout, shardCount, jar,
                    BatchScripts.of(sweep.name(), layout, workDir, shardCount, resources, jvm));
        }
    }

    /** Writes the plan's files under {@code <out>/.slurm/}, submits the array and the merge job, and keeps their ids. */
    public Submission submit(Plan plan) {
        SlurmLayout layout = plan.layout();
        if (Files.exists(layout.submission())) {
            throw new BadInputException(layout.out() + ": already holds a Slurm submission; see loralab slurm status "
                    + layout.out() + ", or choose another --out");
        }
        checkEarlierResults(plan);
        try {
            Files.createDirectories(layout.logs());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        AtomicFiles.copy(plan.specFile(), layout.spec());
        AtomicFiles.copy(plan.jar(), layout.jar());
        writeScript(layout.shardScript(), plan.scripts().shards());
        writeScript(layout.mergeScript(), plan.scripts().merge());
        String array = slurm.submit(layout.shardScript(), List.of());
        String merge;
        try {
            merge = slurm.submit(layout.mergeScript(), List.of("--dependency=afterok:" + array));
        } catch (RuntimeException e) {
            slurm.cancel(array); // no array without the merge that would combine it
            throw e;
        }
        List<Integer> all = java.util.stream.IntStream.range(0, plan.shardCount()).boxed().toList();
        Submission submission = new Submission(plan.sweep().name(), plan.shardCount(),
                List.of(new Submission.ArrayJob(array, all)), merge, System.currentTimeMillis());
        submission.write(layout.submission());
        return submission;
    }

    /** A folder that already holds another spec's results would fail only at the merge, after the whole sweep. */
    private static void checkEarlierResults(Plan plan) {
        plan.sweep().parts().forEach((part, spec) -> {
            Path earlier = SweepParts.folder(plan.layout().out(), part).resolve(".jobs").resolve("spec.yaml");
            if (Files.isRegularFile(earlier)
                    && !ExperimentRunner.fingerprint(SpecReader.read(earlier)).equals(ExperimentRunner.fingerprint(spec))) {
                throw new BadInputException(SweepParts.folder(plan.layout().out(), part) + ": holds results of a different "
                        + "spec; choose another --out");
            }
        });
    }

    private static void writeScript(Path file, String text) {
        AtomicFiles.writeString(file, text);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | UnsupportedOperationException e) {
            // sbatch reads the script; the mode is only a convenience for running it by hand
        }
    }

    /** Where the sweep in {@code layout} stands. The scheduler is asked first, then the files, so a task that ends in
     * between is seen finished rather than failed. */
    public SweepStatus status(SlurmLayout layout) {
        Submission submission = Submission.read(layout);
        SweepParts sweep = SweepParts.read(layout.spec());
        Map<String, TaskState> tasks = new HashMap<>();
        for (Submission.ArrayJob array : submission.arrays()) {
            slurm.states(array.jobId()).forEach(s -> tasks.put(s.jobId(), s));
        }
        Optional<TaskState> merge = slurm.states(submission.mergeJob()).stream().findFirst();
        List<ShardStatus> shards = new ArrayList<>();
        for (int i = 0; i < submission.shardCount(); i++) {
            Shard shard = new Shard(i, submission.shardCount());
            int total = 0;
            int done = 0;
            for (Map.Entry<String, ExperimentSpec> part : sweep.parts().entrySet()) {
                JobStore store = JobStore.of(SweepParts.folder(layout.shard(i), part.getKey()).resolve(".jobs"), part.getValue());
                List<Job> jobs = ExperimentRunner.jobs(part.getValue());
                for (int j = 0; j < jobs.size(); j++) {
                    if (shard.includes(j)) {
                        total++;
                        done += store.has(jobs.get(j)) ? 1 : 0;
                    }
                }
            }
            shards.add(new ShardStatus(i, done, total, submission.taskOf(i).map(tasks::get)));
        }
        boolean allMerged = sweep.parts().entrySet().stream().allMatch(part -> {
            JobStore merged = JobStore.of(SweepParts.folder(layout.out(), part.getKey()).resolve(".jobs"), part.getValue());
            return ExperimentRunner.jobs(part.getValue()).stream().allMatch(merged::has);
        });
        Path report = layout.out().resolve("report.md");
        boolean complete = allMerged && Files.isRegularFile(report) && modified(report) >= submission.submittedAt();
        return new SweepStatus(submission, shards, merge, complete);
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Submits again the shards that ended unfinished (they resume from their job stores) and a new merge job after
     * them and after the shards still queued or running; the old merge job, which could never run, is cancelled.
     * Empty when the report is already complete.
     */
    public Optional<Submission> resubmit(SlurmLayout layout) {
        SweepStatus status = status(layout);
        if (status.merged()) {
            return Optional.empty();
        }
        Submission submission = status.submission();
        status.merge().filter(TaskState::active).ifPresent(m -> slurm.cancel(m.jobId()));
        List<Integer> rerun = status.failed().stream().map(ShardStatus::shard).toList();
        List<String> after = new ArrayList<>();
        Optional<Submission.ArrayJob> array = Optional.empty();
        if (!rerun.isEmpty()) {
            String id = slurm.submit(layout.shardScript(), List.of("--array=" + rerun.stream().map(String::valueOf)
                    .collect(Collectors.joining(","))));
            array = Optional.of(new Submission.ArrayJob(id, rerun));
            after.add(id);
        }
        status.shards().stream().filter(ShardStatus::active).forEach(s -> after.add(s.task().orElseThrow().jobId()));
        String merge = slurm.submit(layout.mergeScript(),
                after.isEmpty() ? List.of() : List.of("--dependency=afterok:" + String.join(":", after)));
        Submission next = submission.resubmitted(array, merge, System.currentTimeMillis());
        next.write(layout.submission());
        return Optional.of(next);
    }

    /**
     * Waits until the merged report is complete or nothing more can happen without a resubmission (then a merge job
     * that can never run is cancelled), telling {@code progress} each time the number of finished jobs changes; at
     * most {@code limit}: then the last status, neither merged nor stalled, with the jobs left as they are.
     */
    public SweepStatus await(SlurmLayout layout, long pollMillis, java.time.Duration limit, Consumer<SweepStatus> progress) {
        int reported = -1;
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            SweepStatus status = status(layout);
            if (status.merged() || status.stalled() || System.nanoTime() - deadline >= 0) {
                if (!status.merged()) {
                    status.merge().filter(TaskState::active).ifPresent(m -> slurm.cancel(m.jobId()));
                }
                return status;
            }
            if (status.jobsDone() != reported) {
                reported = status.jobsDone();
                progress.accept(status);
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the Slurm jobs", e);
            }
        }
    }
}
