package org.loralab.cluster;

import java.util.Optional;

/**
 * One shard of a Slurm sweep: its finished jobs (from its job store, which is the truth: a job counts once its file
 * is written) and the scheduler's word on its latest task.
 *
 * @param shard the shard's index (its array task index)
 * @param done jobs of the shard finished
 * @param total jobs of the shard
 * @param task the scheduler's state of its latest array task; empty when Slurm no longer knows it
 */
public record ShardStatus(int shard, int done, int total, Optional<TaskState> task) {

    /** Where a shard stands. */
    public enum State { DONE, PENDING, RUNNING, FAILED }

    public State state() {
        if (done == total) {
            return State.DONE;
        }
        if (task.isPresent() && task.get().active()) {
            return "PENDING".equals(task.get().state()) ? State.PENDING : State.RUNNING;
        }
        return State.FAILED; // ended (or forgotten by Slurm) with jobs left: cancelled, failed, timed out, killed
    }

    public boolean active() {
        return state() == State.PENDING || state() == State.RUNNING;
    }
}
