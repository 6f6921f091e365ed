package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ./loralab} launcher with the shaded jar, as a user runs it. */
class LauncherIT {
    private static final Path SPEC = Path.of("..", "experiments", "planted-rank-ci.yaml");

    private static CliRun launch(String... args) throws IOException, InterruptedException {
        return Launcher.run(args);
    }

    @Test
    void runsTheJarAndReportsUserErrorsWithStatusTwo() throws Exception {
        CliRun params = launch("params");
        assertThat(params.status()).as(params.err()).isZero();
        assertThat(params.out()).contains("LoRA r = 8 trains 65,536");
        CliRun missing = launch("run", "does-not-exist.yaml");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err().strip()).isEqualTo("error: does-not-exist.yaml: no such file");
    }

    @Test
    void killedRunResumesToTheSameNumbers(@TempDir Path dir) throws Exception {
        Path killed = dir.resolve("killed");
        Process p = Launcher.start(java.util.Map.of(), "run", SPEC.toString(), "--out", killed.toString());
        p.getInputStream().close();
        p.getErrorStream().close();
        Path jobs = killed.resolve(".jobs");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (countJobs(jobs) < 3 && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // SIGKILL to the JVM (the launcher execs java, so this is the JVM itself)
        p.destroyForcibly();
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        long left = countJobs(jobs);
        assertThat(left).as("killed mid-run").isBetween(3L, 7L);

        CliRun resumed = launch("run", SPEC.toString(), "--out", killed.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        assertThat(resumed.err()).contains("resuming, " + left + " of 8 jobs already finished");
        CliRun clean = launch("run", SPEC.toString(), "--out", dir.resolve("clean").toString());
        assertThat(clean.status()).isZero();
        assertThat(Files.readString(killed.resolve("trials.csv")))
                .isEqualTo(Files.readString(dir.resolve("clean").resolve("trials.csv")));
    }

    private static long countJobs(Path jobs) throws IOException {
        if (!Files.isDirectory(jobs)) {
            return 0;
        }
        try (var files = Files.list(jobs)) {
            return files.filter(f -> f.toString().endsWith(".json")).count();
        }
    }
}
