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

    /**
     * SIGKILL at random moments, several times, then a run to the end: the same trials.csv as an uninterrupted
     * run, no row lost or duplicated, and every stored job readable (writes are atomic).
     */
    @Test
    void killedRepeatedlyAtRandomMomentsResumesToTheSameNumbers(@TempDir Path dir) throws Exception {
        Path killed = dir.resolve("killed");
        Path jobs = killed.resolve(".jobs");
        java.util.Random random = new java.util.Random(20261128);
        long before = 0;
        for (int kill = 0; kill < 4; kill++) {
            Process p = Launcher.start(java.util.Map.of(), "run", SPEC.toString(), "--out", killed.toString());
            p.getInputStream().close();
            p.getErrorStream().close();
            // JVM start is about 1.5 s and a job about 1.2 s here: kill anywhere from start-up to the second job
            Thread.sleep(1000 + random.nextInt(2500));
            p.destroyForcibly(); // SIGKILL to the JVM itself (the launcher execs java)
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
            long now = countJobs(jobs);
            assertThat(now).as("finished jobs never disappear").isGreaterThanOrEqualTo(before);
            before = now;
            if (before >= 5) {
                break; // a fast machine: keep some jobs for the resume
            }
        }
        if (before == 0) { // a slow machine: one more run, killed as soon as its first job is stored
            Process p = Launcher.start(java.util.Map.of(), "run", SPEC.toString(), "--out", killed.toString());
            p.getInputStream().close();
            p.getErrorStream().close();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (countJobs(jobs) < 1 && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            p.destroyForcibly();
            assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
            before = countJobs(jobs);
        }
        assertThat(before).as("some but not all jobs done before the last resume").isBetween(1L, 7L);
        CliRun resumed = launch("run", SPEC.toString(), "--out", killed.toString());
        assertThat(resumed.status()).as(resumed.err()).isZero();
        if (before > 0) {
            assertThat(resumed.err()).contains("resuming, " + before + " of 8 jobs already finished");
        }
        CliRun clean = launch("run", SPEC.toString(), "--out", dir.resolve("clean").toString());
        assertThat(clean.status()).isZero();
        String trials = Files.readString(killed.resolve("trials.csv"));
        assertThat(trials).isEqualTo(Files.readString(dir.resolve("clean").resolve("trials.csv")));
        // the header + 2 seeds x (base, full and 3 LoRA ranks each at 20, 40 and 80 epochs: every choice of this cosine
        // schedule without early stopping keeps its last epoch, so each search doubles twice; 3 truncations):
        // nothing lost, nothing twice
        assertThat(trials.lines().count()).isEqualTo(1 + 2 * (1 + 3 + 3 * 3 + 3));
        assertThat(trials.lines().distinct().count()).isEqualTo(trials.lines().count());
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
