package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shards run separately and merged give the unsharded run's trials exactly; a missing shard is refused. */
class ShardedRunIT {
    private static final Path SPEC = Path.of("..", "experiments", "planted-rank-ci.yaml");

    @Test
    void mergedShardsEqualTheUnshardedRun(@TempDir Path dir) throws IOException {
        CliRun whole = CliRun.of("run", SPEC.toString(), "--out", dir.resolve("whole").toString());
        assertThat(whole.status()).as(whole.err()).isZero();
        for (int i = 0; i < 3; i++) {
            CliRun shard = CliRun.of("run", SPEC.toString(), "--out", dir.resolve("s" + i).toString(), "--shard", i + "/3");
            assertThat(shard.status()).as(shard.err()).isZero();
            assertThat(shard.out()).contains("shard " + i + "/3 done");
            assertThat(dir.resolve("s" + i + "/report.md")).doesNotExist();
        }
        CliRun partial = CliRun.of("merge", dir.resolve("s0").toString(), dir.resolve("s1").toString(), "--out",
                dir.resolve("partial").toString());
        assertThat(partial.status()).isEqualTo(2);
        assertThat(partial.err()).startsWith("error: ").contains("jobs have not run in any of the shards");
        assertThat(dir.resolve("partial/report.md")).doesNotExist();

        CliRun merged = CliRun.of("merge", dir.resolve("s0").toString(), dir.resolve("s1").toString(),
                dir.resolve("s2").toString(), "--out", dir.resolve("merged").toString());
        assertThat(merged.status()).as(merged.err()).isZero();
        for (String f : new String[] {"trials.csv", "layers.csv", "spectrum.csv", "truncation.csv"}) {
            assertThat(Files.readString(dir.resolve("merged").resolve(f))).as(f)
                    .isEqualTo(Files.readString(dir.resolve("whole").resolve(f)));
        }
        assertThat(CliRun.of("run", SPEC.toString(), "--out", dir.resolve("x").toString(), "--shard", "3/3").err())
                .contains("--shard: a shard is I/N with 0 <= I < N, got 3/3");
    }
}
