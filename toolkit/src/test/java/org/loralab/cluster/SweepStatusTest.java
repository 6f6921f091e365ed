package org.loralab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepStatusTest {
    private static final Submission SUBMISSION = new Submission("demo", 3,
            List.of(new Submission.ArrayJob("10", List.of(0, 1, 2)), new Submission.ArrayJob("14", List.of(1))), "15", 0);

    private static ShardStatus shard(int index, int done, String state) {
        return new ShardStatus(index, done, 3, Optional.ofNullable(state).map(s -> new TaskState("10_" + index, index, s, "")));
    }

    @Test
    void theJobStoreDecidesDoneTheSchedulerRunningOrFailed() {
        assertThat(shard(0, 3, "CANCELLED").state()).isEqualTo(ShardStatus.State.DONE); // finished, then cancelled
        assertThat(shard(0, 1, "RUNNING").state()).isEqualTo(ShardStatus.State.RUNNING);
        assertThat(shard(0, 0, "PENDING").state()).isEqualTo(ShardStatus.State.PENDING);
        assertThat(shard(0, 1, "TIMEOUT").state()).isEqualTo(ShardStatus.State.FAILED);
        assertThat(shard(0, 1, null).state()).as("forgotten by Slurm, unfinished").isEqualTo(ShardStatus.State.FAILED);
    }

    @Test
    void stalledOnlyWhenNothingCanHappenWithoutAResubmission() {
        TaskState waiting = new TaskState("15", -1, "PENDING", "Dependency");
        TaskState stuck = new TaskState("15", -1, "PENDING", "DependencyNeverSatisfied");
        assertThat(status(Optional.of(waiting), shard(0, 3, "COMPLETED"), shard(1, 1, "RUNNING")).stalled()).isFalse();
        assertThat(status(Optional.of(waiting), shard(0, 3, "COMPLETED"), shard(1, 1, "FAILED")).stalled()).isTrue();
        assertThat(status(Optional.of(waiting), shard(0, 1, "FAILED"), shard(1, 1, "RUNNING")).stalled())
                .as("a failed shard, another still running").isFalse();
        assertThat(status(Optional.of(stuck), shard(0, 3, "COMPLETED"), shard(1, 3, "COMPLETED")).stalled()).isTrue();
        assertThat(status(Optional.of(new TaskState("15", -1, "FAILED", "")), shard(0, 3, null)).stalled()).isTrue();
        assertThat(status(Optional.of(new TaskState("15", -1, "RUNNING", "")), shard(0, 3, null)).stalled()).isFalse();
        assertThat(status(Optional.empty(), shard(0, 3, null)).stalled()).as("merge forgotten, no report").isTrue();
        SweepStatus s = status(Optional.empty(), shard(0, 3, null), shard(1, 1, "FAILED"));
        assertThat(s.failed()).extracting(ShardStatus::shard).containsExactly(1);
        assertThat(s.jobsDone()).isEqualTo(4);
        assertThat(s.jobs()).isEqualTo(6);
    }

    private static SweepStatus status(Optional<TaskState> merge, ShardStatus... shards) {
        return new SweepStatus(SUBMISSION, List.of(shards), merge, false);
    }

    @Test
    void theLatestArrayRunsAShardAndTheSubmissionSurvivesAFile(@TempDir Path dir) {
        assertThat(SUBMISSION.taskOf(0)).contains("10_0");
        assertThat(SUBMISSION.taskOf(1)).contains("14_1");
        assertThat(SUBMISSION.taskOf(5)).isEmpty();
        SlurmLayout layout = new SlurmLayout(dir);
        dir.resolve(".slurm").toFile().mkdirs();
        Submission next = SUBMISSION.resubmitted(Optional.of(new Submission.ArrayJob("20", List.of(2))), "21", 99);
        next.write(layout.submission());
        assertThat(Submission.read(layout)).isEqualTo(next);
        assertThat(next.taskOf(2)).contains("20_2");
        assertThat(next.mergeJob()).isEqualTo("21");
    }
}
