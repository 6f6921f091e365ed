package org.loralab.cluster;

import java.nio.file.Path;

/**
 * Where a Slurm submission keeps its files: everything under {@code <out>/.slurm/} (the batch scripts, a copy of the
 * spec and of the jar, each shard's output folder, the logs, the submission's job ids), and the merged report in
 * {@code <out>} itself, as {@code loralab run} would write it.
 *
 * @param out the experiment's output folder, absolute
 */
public record SlurmLayout(Path out) {
    public SlurmLayout {
        out = out.toAbsolutePath().normalize();
    }

    public Path dir() {
        return out.resolve(".slurm");
    }

    /** The spec as submitted: later edits of the user's file do not reach tasks that start later. */
    public Path spec() {
        return dir().resolve("spec.yaml");
    }

    /** The jar as submitted: a rebuild while the array waits in the queue does not change what the tasks run. */
    public Path jar() {
        return dir().resolve("loralab.jar");
    }

    public Path shardScript() {
        return dir().resolve("shards.sbatch");
    }

    public Path mergeScript() {
        return dir().resolve("merge.sbatch");
    }

    public Path submission() {
        return dir().resolve("submission.json");
    }

    public Path logs() {
        return dir().resolve("logs");
    }

    public Path shardLog(int shard) {
        return logs().resolve("shard-" + shard + ".out");
    }

    /** The shards' log as sbatch's {@code --output} names it ({@code %a}: the array index, so {@link #shardLog}). */
    Path shardLogPattern() {
        return logs().resolve("shard-%a.out");
    }

    public Path mergeLog(String jobId) {
        return logs().resolve("merge-" + jobId + ".out");
    }

    /** The merge job's log as sbatch's {@code --output} names it ({@code %j}: the job id, so {@link #mergeLog}). */
    Path mergeLogPattern() {
        return logs().resolve("merge-%j.out");
    }

    /** The output folder of {@code loralab run --shard I/N} for shard {@code shard}. */
    public Path shard(int shard) {
        return dir().resolve("shard-" + shard);
    }
}
