package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code loralab bench checkpoint} at a tiny size: writes the pair once, then times the analyses on it. */
class BenchCheckpointCommandTest {

    @Test
    void writesThePairOnceAndFindsThePlantedRankInEveryMatrix(@TempDir Path dir) {
        String[] args = {"bench", "checkpoint", "--blocks", "1", "--hidden", "32", "--intermediate", "48", "--rank", "2",
                "--dtype", "F32", "--top-k", "8", "--full-blocks", "1", "--dir", dir.toString()};
        CliRun first = CliRun.of(args);
        assertThat(first.status()).as(first.err()).isZero();
        // one block: 4 attention matrices of 32 x 32 and 3 MLP matrices with 48, all with rank-2 updates
        assertThat(first.out()).contains("generated 2 x ", "--top-k 8: 7 matrices in ",
                "energy_rank_99 <= 2 (the planted rank) in 7 of them", "full spectrum: 7 matrices in ");
        CliRun again = CliRun.of(args);
        assertThat(again.status()).isZero();
        assertThat(again.out()).doesNotContain("generated").contains("--top-k 8: 7 matrices in ");
    }

    @Test
    void anUnknownTypeIsOneError(@TempDir Path dir) {
        CliRun run = CliRun.of("bench", "checkpoint", "--dtype", "F8", "--dir", dir.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: --dtype must be F32, F16 or BF16, got 'F8'");
    }
}
