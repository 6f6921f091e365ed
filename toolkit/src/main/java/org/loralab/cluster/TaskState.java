package org.loralab.cluster;

import java.util.Set;

/**
 * What Slurm says about one job, or one task of a job array.
 *
 * @param jobId the job's id as {@code scancel} takes it: {@code 12} or, for an array task, {@code 12_3}
 * @param arrayTask the array task's index, -1 for a job that is not in an array
 * @param state Slurm's state name (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, TIMEOUT, ...)
 * @param reason why a pending job waits (Slurm's reason, e.g. Dependency), empty when none
 */
public record TaskState(String jobId, int arrayTask, String state, String reason) {
    private static final Set<String> ENDED = Set.of("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL",
            "OUT_OF_MEMORY", "PREEMPTED", "BOOT_FAIL", "DEADLINE", "REVOKED", "SPECIAL_EXIT");

    /** Whether the job is still queued or running (anything Slurm has not ended). */
    public boolean active() {
        return !ENDED.contains(state);
    }

    /** Whether it waits on a dependency that can no longer be met (an array task it needs has failed). */
    public boolean stuck() {
        return "PENDING".equals(state) && "DependencyNeverSatisfied".equals(reason);
    }

    @Override
    public String toString() {
        return jobId + " " + state + (reason.isEmpty() || "None".equals(reason) ? "" : " (" + reason + ")");
    }
}
