package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchStepCommandTest {

    @Test
    void mlpStepPrintsTimesThroughputAndRatios() {
        CliRun run = CliRun.of("bench", "step", "--dim", "32", "--batch", "8", "--rank", "2", "--warmup", "1",
                "--iterations", "3");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("MLP 32 -> 32 -> 32", "examples/s", "full fine-tuning", "LoRA r=2",
                "ratio LoRA / full: time");
        // 2 modules of 32 x 32 plus biases, against 2 adapters of rank 2
        assertThat(run.out()).contains("2,112").contains("256");
    }

    @Test
    void charLmStepPrintsTokensPerSecond() {
        CliRun run = CliRun.of("bench", "charlm", "--width", "16", "--layers", "1", "--heads", "2", "--context", "8",
                "--vocab", "10", "--batch", "4", "--rank", "2", "--warmup", "1", "--iterations", "2");
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("tokens/s", "LoRA on [q_proj, v_proj]", "ratio LoRA / full: time");
        // q_proj and v_proj of one block at rank 2: 2 x 2 x (16 + 16)
        assertThat(run.out()).containsPattern("LoRA r=2 +[0-9.]+ +[0-9,]+ +128 ");
    }

    @Test
    void impossibleSettingsAreAUsageError() {
        CliRun run = CliRun.of("bench", "charlm", "--width", "10", "--heads", "4");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("width must be a positive multiple of heads");
    }
}
