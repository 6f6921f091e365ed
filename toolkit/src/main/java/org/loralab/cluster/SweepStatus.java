package org.loralab.cluster;

import java.util.List;
import java.util.Optional;

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

    public int jobsDone() {
        return shards.stream().mapToInt(ShardStatus::done).sum();
    }

    public int jobs() {
        return shards.stream().mapToInt(ShardStatus::total).sum();
    }
}
