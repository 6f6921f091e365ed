package org.loralab.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Reading Slurm's answers, from lines that Slurm 22.05 printed for a job array and its merge job. */
class SlurmTest {

    @Test
    void scontrolGivesOneStatePerArrayTaskAndExpandsAPendingRange() {
        String text = """
                JobId=2 ArrayJobId=1 ArrayTaskId=0 JobName=j.sh UserId=root(0) JobState=COMPLETED Reason=None Dependency=(null) ExitCode=0:0
                JobId=3 ArrayJobId=1 ArrayTaskId=1 JobName=j.sh UserId=root(0) JobState=CANCELLED Reason=None Dependency=(null) ExitCode=0:15
                JobId=1 ArrayJobId=1 ArrayTaskId=2-4%2 JobName=j.sh UserId=root(0) JobState=PENDING Reason=JobArrayTaskLimit ExitCode=0:0
                """;
        assertThat(Slurm.parseScontrol(text)).containsExactly(
                new TaskState("1_0", 0, "COMPLETED", "None"),
                new TaskState("1_1", 1, "CANCELLED", "None"),
                new TaskState("1_2", 2, "PENDING", "JobArrayTaskLimit"),
                new TaskState("1_3", 3, "PENDING", "JobArrayTaskLimit"),
                new TaskState("1_4", 4, "PENDING", "JobArrayTaskLimit"));
    }

    @Test
    void scontrolOfAJobOutsideAnArray() {
        TaskState merge = Slurm.parseScontrol("JobId=5 JobName=wrap UserId=root(0) JobState=PENDING "
                + "Reason=DependencyNeverSatisfied Dependency=afterok:4_*(failed) ExitCode=0:0\n").get(0);
        assertThat(merge).isEqualTo(new TaskState("5", -1, "PENDING", "DependencyNeverSatisfied"));
        assertThat(merge.active()).isTrue();
        assertThat(merge.stuck()).isTrue();
        assertThat(merge.toString()).isEqualTo("5 PENDING (DependencyNeverSatisfied)");
    }

    @Test
    void sacctLinesWithRangesAndCancelledBy() {
        assertThat(Slurm.parseSacct("12_0|COMPLETED|None\n12_[1-2]|PENDING|Dependency\n13|CANCELLED by 0|None\n"))
                .containsExactly(new TaskState("12_0", 0, "COMPLETED", "None"),
                        new TaskState("12_1", 1, "PENDING", "Dependency"),
                        new TaskState("12_2", 2, "PENDING", "Dependency"),
                        new TaskState("13", -1, "CANCELLED", "None"));
    }

    @Test
    void taskIndexLists() {
        assertThat(Slurm.taskIndices("3")).containsExactly(3);
        assertThat(Slurm.taskIndices("1,4-6")).containsExactly(1, 4, 5, 6);
        assertThat(Slurm.taskIndices("0-2%1")).containsExactly(0, 1, 2);
    }

    @Test
    void endedStatesAreNotActive() {
        for (String ended : new String[] {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL"}) {
            assertThat(new TaskState("1_0", 0, ended, "").active()).as(ended).isFalse();
        }
        for (String active : new String[] {"PENDING", "RUNNING", "COMPLETING", "CONFIGURING", "SUSPENDED", "REQUEUED"}) {
            assertThat(new TaskState("1_0", 0, active, "").active()).as(active).isTrue();
        }
    }
}
