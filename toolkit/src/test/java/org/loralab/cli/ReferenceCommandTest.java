package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli-reference.md is what the commands declare: regenerate it with ./loralab reference when they change. */
class ReferenceCommandTest {

    @Test
    void theCommittedReferenceIsWhatTheCommandsDeclare() throws IOException {
        CliRun run = CliRun.of("reference");
        assertThat(run.status()).isZero();
        assertThat(Files.readString(Path.of("..", "docs", "cli-reference.md")))
                .as("docs/cli-reference.md is stale: ./loralab reference > docs/cli-reference.md").isEqualTo(run.out());
        // every command and subcommand has its section, every option its line
        assertThat(run.out()).contains("## loralab run\n", "## loralab slurm submit\n", "## loralab bench checkpoint\n",
                "--wait-hours=H", "--check", "--cell-timeout", "--poll-seconds");
    }
}
