package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @Test
    void paramsPrintsTheLoraAndFullCounts() {
        CliRun run = CliRun.of("params", "--out-features", "4096", "--in-features", "4096", "--rank", "8");
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("16,777,216", "65,536", "99.61% fewer");
    }

    @Test
    void badSpecExitsTwoWithOneErrorLineAndWritesNothing(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, Files.readString(Path.of("..", "experiments", "planted-rank-ci.yaml"))
                .replace("ranks: [1, 4, 8]", "ranks: [0, 4]"));
        Path out = dir.resolve("out");
        CliRun run = CliRun.of("run", spec.toString(), "--out", out.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err()).startsWith("error: " + spec + ": lora: ranks must all be >= 1, got 0");
        assertThat(out).doesNotExist();
    }

    @Test
    void missingSpecAndUnknownOptionAreUsageErrors(@TempDir Path dir) {
        CliRun missing = CliRun.of("run", dir.resolve("nope.yaml").toString());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).startsWith("error: ").contains("nope.yaml: no such file");
        CliRun unknown = CliRun.of("run", "x.yaml", "--frobnicate");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err().lines().toList()).hasSize(1);
        assertThat(unknown.err()).startsWith("error: Unknown option: '--frobnicate'");
        CliRun rank = CliRun.of("params", "--rank", "5000");
        assertThat(rank.status()).isEqualTo(2);
        assertThat(rank.err()).startsWith("error: --rank must be in [1, min(d, k)] = [1, 4096], got 5000");
    }
}
