package org.loralab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void explicitShards() {
        assertThat(Shard.parse(" 2/3 ", Map.of())).isEqualTo(new Shard(2, 3));
        assertThatThrownBy(() -> Shard.parse("3/3", Map.of())).hasMessageContaining("0 <= I < N, got 3/3");
    }

    @Test
    void autoReadsASlurmArrayWhateverItsFirstIndex() {
        assertThat(Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_MIN", "0",
                "SLURM_ARRAY_TASK_COUNT", "3"))).isEqualTo(new Shard(2, 3));
        assertThat(Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_MIN", "1",
                "SLURM_ARRAY_TASK_COUNT", "3"))).as("--array=1-3").isEqualTo(new Shard(2, 3));
        assertThatThrownBy(() -> Shard.parse("auto", Map.of())).hasMessageContaining("SLURM_ARRAY_TASK_ID, which is not set");
        assertThatThrownBy(() -> Shard.parse("auto", Map.of("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_COUNT", "3")))
                .hasMessage("SLURM_ARRAY_TASK_ID is 'x', not a whole number");
    }

    @Test
    void autoWithACountReadsSlurmOrKubernetes() {
        assertThat(Shard.parse("auto/4", Map.of("SLURM_ARRAY_TASK_ID", "3", "SLURM_ARRAY_TASK_COUNT", "1")))
                .as("a resubmitted task of a 4-shard sweep").isEqualTo(new Shard(3, 4));
        assertThat(Shard.parse("auto/5", Map.of("JOB_COMPLETION_INDEX", "4"))).isEqualTo(new Shard(4, 5));
        assertThatThrownBy(() -> Shard.parse("auto", Map.of("JOB_COMPLETION_INDEX", "4")))
                .hasMessageContaining("use auto/N with N the Job's completions");
        assertThatThrownBy(() -> Shard.parse("auto/5", Map.of("JOB_COMPLETION_INDEX", "5")))
                .hasMessageContaining("got 5/5");
        assertThatThrownBy(() -> Shard.parse("auto/5", Map.of())).hasMessageContaining("neither is set");
    }

    @Test
    void jobsGoRoundRobin() {
        Shard s = new Shard(1, 3);
        assertThat(java.util.stream.IntStream.range(0, 8).filter(s::includes)).containsExactly(1, 4, 7);
    }
}
