package org.loralab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SweepStatusTest {
    private static final SlurmLayout LAYOUT = new SlurmLayout(Path.of("/data/sweep"));
    private static final Submission SUBMISSION = new Submission("x", 2,
            List.of(new Submission.ArrayJob("100", List.of(0, 1))), "101", 0);

    /** A failed shard is named with its state and progress, and its log is the one its sbatch script writes. */
    @Test
    void aFailedShardIsNamedWithItsLog() {
        SweepStatus status = new SweepStatus(SUBMISSION, List.of(new ShardStatus(0, 3, 3, Optional.empty()),
                new ShardStatus(1, 1, 3, Optional.of(new TaskState("100_1", 1, "TIMEOUT", "")))), Optional.empty(), false);
        assertThat(status.stalled()).isTrue();
        assertThat(status.diagnosis(LAYOUT)).isEqualTo("array tasks 1 (100_1 TIMEOUT, 1/3 jobs) did not finish (logs: "
                + "/data/sweep/.slurm/logs/shard-1.out); loralab slurm resubmit /data/sweep runs them again");
        assertThat(LAYOUT.shardLogPattern().toString().replace("%a", "1")).isEqualTo(LAYOUT.shardLog(1).toString());
    }

    /** With every shard done, the merge job is blamed, with the log name sbatch gives it (%j: its job id). */
    @Test
    void aMergeWithoutReportNamesTheMergeLog() {
        SweepStatus status = new SweepStatus(SUBMISSION, List.of(new ShardStatus(0, 3, 3, Optional.empty())),
                Optional.of(new TaskState("101", -1, "FAILED", "")), false);
        assertThat(status.diagnosis(LAYOUT)).isEqualTo("merge job 101 FAILED ended without a complete report (log: "
                + "/data/sweep/.slurm/logs/merge-101.out); loralab slurm resubmit /data/sweep merges again");
        assertThat(LAYOUT.mergeLogPattern().toString().replace("%j", "101")).isEqualTo(LAYOUT.mergeLog("101").toString());
    }
}
