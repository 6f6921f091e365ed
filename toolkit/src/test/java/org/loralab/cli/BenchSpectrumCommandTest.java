package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchSpectrumCommandTest {

    @Test
    void smallRunPrintsEveryPathAndWritesTheTable(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("spectrum.md");
        CliRun run = CliRun.of("bench", "spectrum", "--sizes", "64", "--large", "160", "--top-k", "8", "--lora-rank", "4",
                "--repeats", "1", "--out", out.toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("| all singular values | gaussian 64x64 | LAPACK |", "| LAPACK_FLOAT |", "| GRAM |",
                "| EJML |", "| singular values and vectors | gaussian 64x64 | LAPACK dgesdd |",
                "| randomized (p = 10, q = 2) |", "| from the factors (QR + r x r SVD) |");
        assertThat(Files.readString(out)).isEqualTo(run.out());
        // the randomized top-8 of a rank-64-plus-noise 160 x 160 matrix, and the LoRA factors, agree with LAPACK
        String factors = run.out().lines().filter(l -> l.contains("from the factors")).findFirst().orElseThrow();
        double error = Double.parseDouble(factors.substring(factors.lastIndexOf('|', factors.length() - 2) + 1,
                factors.length() - 1).trim());
        assertThat(error).isLessThan(1e-10);
    }

    @Test
    void impossibleSettingsAreAUsageError() {
        CliRun run = CliRun.of("bench", "spectrum", "--large", "100", "--top-k", "500");
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: ").contains("k, r <= --large");
    }
}
