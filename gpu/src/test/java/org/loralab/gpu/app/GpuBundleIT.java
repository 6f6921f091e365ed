package org.loralab.gpu.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bundle for the GPU machine, built and run here as far as a machine without a GPU can: the jlink
 * runtime must start the jar, the dry run must go through every step of run.sh on the CPU backend, and the
 * whole must fit beside the working tree in the 64 MiB a device call carries.
 */
class GpuBundleIT {

    @Test
    void bundleFitsAndItsDryRunPassesEveryStep() throws IOException, InterruptedException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path bundle = Path.of("target", "it-bundle").toAbsolutePath();
        Path out = Path.of("target", "it-bundle-out").toAbsolutePath();
        run(root, List.of("scripts/gpu-bundle.sh", bundle.toString()), 300);
        long bytes;
        try (Stream<Path> files = Files.walk(bundle)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
        assertThat(bytes).as("bundle size (a device call carries 64 MiB with the working tree)").isLessThan(32L << 20);

        String log = run(root, List.of("bash", bundle.resolve("run.sh").toString(), out.toString(), "--dry-run"), 300);
        assertThat(log).contains("backend: cpu", "check: all 78 comparisons within tolerance (cpu)", "== done: status 0");
        assertThat(bundle.resolve("runtime/bin/java")).isExecutable(); // unpacked by run.sh
        assertThat(out.resolve("check.csv")).exists();
        assertThat(Files.readAllLines(out.resolve("loralab-bench.csv"))).hasSize(1 + 3 * 11);
        assertThat(Files.readString(out.resolve("summary.md"))).contains("| fp32 | lora_forward_backward | 8 |");
        assertThat(Files.readString(out.resolve("run.log"))).isEqualTo(log);
    }

    /** Output to a file, not a pipe, so that a hanging command meets the timeout instead of blocking the read. */
    private static String run(Path dir, List<String> command, int seconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("gpu-bundle-it", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean finished = p.waitFor(seconds, TimeUnit.SECONDS);
            if (!finished) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
            String text = Files.readString(log);
            assertThat(finished).as(String.join(" ", command) + " finished in " + seconds + " s:\n" + text).isTrue();
            assertThat(p.exitValue()).as(text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
