package org.loralab.cluster;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a Slurm sweep stands: each shard, the merge job, and whether the merged report is complete.
 *
 * @param submission the sweep's jobs
 * @param shards every shard, by index
 * @param merge the scheduler's state of the latest merge job; empty when Slurm no longer knows it
 * @param merged whether the output folder holds every job and a report written after the latest merge was submitted
 */
public record SweepStatus(Submission submission, List<ShardStatus> shards, Optional<TaskState> merge, boolean merged) {
    public SweepStatus {
        shards = List.copyOf(shards);
    }

    /** Shards that ended with jobs left (cancelled, failed, killed, out of time): {@code resubmit} runs them again. */
    public List<ShardStatus> failed() {
        return shards.stream().filter(s -> s.state() == ShardStatus.State.FAILED).toList();
    }

    public boolean anyShardActive() {
        return shards.stream().anyMatch(ShardStatus::active);
    }

    /** Whether nothing more will happen without {@code resubmit}: no task queued or running, no complete report. */
    public boolean stalled() {
        if (merged) {
            return false;
        }
        if (!failed().isEmpty()) {
            return !anyShardActive();
        }
        return merge.map(m -> !m.active() || m.stuck()).orElse(!anyShardActive());
    }

    /** Why a stalled sweep has no report, and what to do, naming the log to read in {@code layout}. */
    public String diagnosis(SlurmLayout layout) {
        List<ShardStatus> failed = failed();
        if (!failed.isEmpty()) {
            return "array tasks " + failed.stream().map(s -> s.shard() + " (" + s.task().map(Object::toString)
                            .orElse("ended") + ", " + s.done() + "/" + s.total() + " jobs)").collect(Collectors.joining(", "))
                    + " did not finish (logs: " + layout.shardLog(failed.get(0).shard()) + "); loralab slurm resubmit "
                    + layout.out() + " runs them again";
        }
        return "merge job " + merge.map(Object::toString).orElse(submission.mergeJob())
                + " ended without a complete report (log: " + layout.mergeLog(submission.mergeJob())
                + "); loralab slurm resubmit " + layout.out() + " merges again";
    }

    public int jobsDone() {
        return shards.stream().mapToInt(ShardStatus::done).sum();
    }

    public int jobs() {
        return shards.stream().mapToInt(ShardStatus::total).sum();
    }
}
