package org.loralab.gpu.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String environment, String... args) {
        return GpuMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void checkOnTheCpuBackendPassesAndWritesItsTable(@TempDir Path dir) throws IOException {
        int status = run(null, "check", "--reference", ReferenceCheckTest.REFERENCE.toString(), "--precisions", "fp32",
                "--out", dir.toString());
        assertThat(status).as(errors()).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("check: all 32 comparisons within tolerance (cpu)");
        assertThat(Files.readAllLines(dir.resolve("check.csv"))).hasSize(33).allSatisfy(l -> assertThat(l).doesNotContain("FAIL"));
        assertThat(Files.list(dir)).hasSize(1); // no temporary file left
    }

    @Test
    void benchWritesEveryMeasureOfEachPrecision(@TempDir Path dir) throws IOException {
        int status = run("cpu", "bench", "--dim", "16", "--tokens", "8", "--ranks", "2,4", "--warmup", "0", "--iterations",
                "1", "--precisions", "fp32,bf16", "--out", dir.toString());
        assertThat(status).as(errors()).isZero();
        // per precision: gemm, layer_full_step, 3 per rank, mlp_full_step, 1 per rank
        assertThat(Files.readAllLines(dir.resolve("loralab-bench.csv"))).hasSize(1 + 2 * (2 + 3 * 2 + 1 + 2));
    }

    @Test
    void userMistakesAreOneErrorLineAndExitTwo(@TempDir Path dir) throws IOException {
        assertThat(run(null)).isEqualTo(2);
        assertThat(run(null, "train")).isEqualTo(2);
        assertThat(run(null, "check", "--backend", "tpu")).isEqualTo(2);
        assertThat(run(null, "check", "--precision", "fp32")).isEqualTo(2);
        assertThat(run(null, "bench", "--dim", "16", "--ranks", "32")).isEqualTo(2);
        assertThat(run(null, "bench", "--dim", "sixteen")).isEqualTo(2);
        Files.write(dir.resolve("lora-linear.safetensors"), new byte[] {1, 2, 3});
        assertThat(run(null, "check", "--reference", dir.toString())).isEqualTo(2);
        assertThat(errors()).contains("error: unknown command 'train'", "error: unknown backend 'tpu'",
                "error: unknown option '--precision'", "error: rank 32 is outside 1..16",
                "error: --dim must be a whole number, got 'sixteen'", "lora-linear.safetensors: too short for a safetensors file");
        assertThat(errors()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void theEnvironmentChoosesTheBackendUnlessTheOptionDoes() {
        assertThat(Backends.configured(null, null)).isEqualTo("cpu");
        assertThat(Backends.configured(null, " CUDA ")).isEqualTo("cuda");
        assertThat(Backends.configured("cpu", "cuda")).isEqualTo("cpu");
        assertThat(run("cuda", "info")).isEqualTo(java.nio.file.Files.exists(Path.of("/dev/nvidiactl")) ? 0 : 2);
    }
}
