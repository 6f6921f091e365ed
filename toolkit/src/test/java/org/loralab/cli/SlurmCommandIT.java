package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code loralab slurm} against a real one-node Slurm cluster (slurmctld, slurmd, munge on loopback): the merged
 * report of a job array equals the local run byte for byte; a task cancelled mid-run shows as failed and a
 * resubmission completes the sweep without running any finished job again; bad input submits nothing.
 */
class SlurmCommandIT {
    private static final Path SPEC = Path.of("..", "experiments", "planted-rank-ci.yaml").toAbsolutePath().normalize();
    private static final Pattern JOB_DONE = Pattern.compile("\\] .* done in ");

    @TempDir
    static Path dir;
    private static LocalSlurmCluster cluster;
    private static String localTrials;

    @BeforeAll
    static void startClusterAndRunLocally() throws IOException, InterruptedException {
        cluster = LocalSlurmCluster.start(Files.createDirectories(dir.resolve("cluster")));
        CliRun local = CliRun.of("run", SPEC.toString(), "--out", dir.resolve("local").toString());
        assertThat(local.status()).as(local.err()).isZero();
        localTrials = Files.readString(dir.resolve("local/trials.csv"));
    }

    @AfterAll
    static void stopCluster() throws IOException, InterruptedException {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static CliRun slurm(String... args) throws IOException, InterruptedException {
        String[] all = new String[args.length + 1];
        all[0] = "slurm";
        System.arraycopy(args, 0, all, 1, args.length);
        return Launcher.run(cluster.environment(), all);
    }

    @Test
    void anArrayOfThreeMergesToTheLocalRun() throws IOException, InterruptedException {
        Path out = dir.resolve("array");
        CliRun run = slurm("submit", SPEC.toString(), "--array", "3", "--out", out.toString(), "--mem", "2G", "--wait",
                "--poll-seconds", "0.5");
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("submitted planted-rank-ci: job array").contains("(3 shard tasks), merge job")
                .contains("report: " + out.resolve("report.md"));
        assertThat(Files.readString(out.resolve("trials.csv"))).isEqualTo(localTrials);
        assertThat(Files.readString(out.resolve(".slurm/shards.sbatch")))
                .contains("#SBATCH --array=0-2", "--shard \"$SLURM_ARRAY_TASK_ID/3\"", "-Xmx768m");
        assertThat(Files.readString(out.resolve(".slurm/merge.sbatch")))
                .contains("merge \"$shards/shard-0\" \"$shards/shard-1\" \"$shards/shard-2\" --out '" + out + "'");
        CliRun status = slurm("status", out.toString());
        assertThat(status.out()).contains("8 of 8 jobs done in 3 shards").contains("report: ");
        assertThat(cluster.queue()).isEmpty();
    }

    /** A study goes to Slurm like a spec: each task runs its share of every experiment, the merge job the study report. */
    @Test
    void aStudyArrayMergesToTheLocalStudy() throws IOException, InterruptedException {
        Path spec = Files.writeString(dir.resolve("tiny-study.yaml"), org.loralab.testing.Specs.VALID
                .replace("name: tiny\n", "name: tiny-study\nstudy: {vary: task.train_size, values: [64, 96]}\n")
                .replace("ranks: [4, 1, 2]", "ranks: [1, 2]"));
        CliRun local = CliRun.of("run", spec.toString(), "--out", dir.resolve("local-study").toString());
        assertThat(local.status()).as(local.err()).isZero();
        Path out = dir.resolve("study-array");
        CliRun run = slurm("submit", spec.toString(), "--array", "2", "--out", out.toString(), "--mem", "2G", "--wait",
                "--poll-seconds", "0.5");
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("submitted tiny-study: job array").contains("report: " + out.resolve("report.md"));
        assertThat(Files.readString(out.resolve("study.csv")))
                .isEqualTo(Files.readString(dir.resolve("local-study/study.csv")));
        assertThat(slurm("status", out.toString()).out()).contains("12 of 12 jobs done in 2 shards");
    }

    @Test
    void aTaskCancelledMidRunIsResubmittedAndNoJobRunsTwice() throws IOException, InterruptedException {
        Path out = dir.resolve("cancelled");
        // submit --wait, waiting in the background: the cancelled task stalls the sweep, and the wait ends with 1
        java.util.concurrent.CompletableFuture<CliRun> waiting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return slurm("submit", SPEC.toString(), "--array", "2", "--out", out.toString(), "--mem", "2G", "--wait",
                        "--poll-seconds", "0.5");
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Path submission = new org.loralab.cluster.SlurmLayout(out).submission();
        for (int i = 0; i < 3000 && !Files.exists(submission); i++) {
            Thread.sleep(50);
        }
        String array = org.loralab.cluster.Submission.read(new org.loralab.cluster.SlurmLayout(out)).arrays().get(0).jobId();
        Path shard1 = out.resolve(".slurm/shard-1/.jobs");
        for (int i = 0; i < 3000 && jobFiles(shard1).isEmpty(); i++) {
            Thread.sleep(50);
        }
        assertThat(cluster.exec("scancel", array + "_1").status()).isZero(); // after its first job, before its fourth
        CliRun stalled = waiting.join();
        assertThat(stalled.status()).as(stalled.err()).isEqualTo(1);
        assertThat(stalled.err()).contains("error: array tasks 1 (" + array + "_1 CANCELLED").doesNotContain("\tat ");
        CliRun status = slurm("status", out.toString());
        for (int i = 0; i < 120 && !status.out().contains("stalled"); i++) {
            Thread.sleep(500);
            status = slurm("status", out.toString());
        }
        assertThat(status.out()).containsPattern("\\n1 +\\d/4 +failed +" + array + "_1 CANCELLED")
                .contains("stalled: array tasks 1 (");
        Map<Path, FileTime> finished = new TreeMap<>();
        for (int s = 0; s < 2; s++) {
            for (Path f : jobFiles(out.resolve(".slurm/shard-" + s + "/.jobs"))) {
                finished.put(f, Files.getLastModifiedTime(f));
            }
        }
        assertThat(finished).hasSizeBetween(5, 7); // shard 0's four and some of shard 1's

        CliRun resubmit = slurm("resubmit", out.toString(), "--wait", "--poll-seconds", "0.5");
        assertThat(resubmit.status()).as(resubmit.out() + resubmit.err()).isZero();
        assertThat(resubmit.out()).contains("resubmitted planted-rank-ci: shards 1 as job array");
        assertThat(Files.readString(out.resolve("trials.csv"))).isEqualTo(localTrials);
        for (Map.Entry<Path, FileTime> f : finished.entrySet()) {
            assertThat(Files.getLastModifiedTime(f.getKey())).as("rewritten: " + f.getKey()).isEqualTo(f.getValue());
        }
        long runs = 0;
        for (int s = 0; s < 2; s++) { // the logs are appended to, so a job run twice would print twice
            runs += Files.readAllLines(out.resolve(".slurm/logs/shard-" + s + ".out")).stream()
                    .filter(l -> JOB_DONE.matcher(l).find()).count();
        }
        assertThat(runs).isEqualTo(8);
        assertThat(Files.readString(out.resolve(".slurm/logs/shard-1.out"))).contains("resuming, ");
        assertThat(slurm("resubmit", out.toString()).out()).contains("nothing to resubmit");
    }

    /** --wait gives up after --wait-hours with 1 and leaves the jobs running; a bad value submits nothing. */
    @Test
    void aWaitThatRunsPastItsLimitReturnsOneAndLeavesTheJobs() throws IOException, InterruptedException {
        Path out = dir.resolve("limited");
        long start = System.nanoTime();
        CliRun run = slurm("submit", SPEC.toString(), "--array", "1", "--out", out.toString(), "--mem", "2G", "--wait",
                "--poll-seconds", "0.5", "--wait-hours", "0.0005"); // 1.8 s
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("slurm submit --wait gave up after %.1f s (limit 1.8 s)%n", seconds);
        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).contains("error: still running after 0.0005 hours").contains("the jobs go on");
        String array = org.loralab.cluster.Submission.read(new org.loralab.cluster.SlurmLayout(out)).arrays().get(0).jobId();
        String merge = org.loralab.cluster.Submission.read(new org.loralab.cluster.SlurmLayout(out)).mergeJob();
        assertThat(cluster.exec("scancel", array, merge).status()).as("still there to cancel").isZero();
        CliRun bad = slurm("submit", SPEC.toString(), "--array", "1", "--out", dir.resolve("bad-wait").toString(), "--wait",
                "--wait-hours", "0");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).startsWith("error: --wait-hours must be a positive number of hours");
        assertThat(dir.resolve("bad-wait")).doesNotExist();
    }

    @Test
    void badInputSubmitsNothing() throws IOException, InterruptedException {
        Path badSpec = dir.resolve("bad.yaml");
        Files.writeString(badSpec, Files.readString(SPEC).replace("ranks: [1, 4, 8]", "ranks: [1, 4, 0]"));
        int[] queued = {cluster.queue().size()};
        for (String[] args : new String[][] {
                {"submit", badSpec.toString(), "--array", "2", "--out", dir.resolve("bad-spec").toString()},
                {"submit", SPEC.toString(), "--array", "0", "--out", dir.resolve("no-tasks").toString()},
                {"submit", SPEC.toString(), "--array", "9", "--out", dir.resolve("too-many").toString()},
                {"submit", SPEC.toString(), "--array", "2", "--mem", "8 GB", "--out", dir.resolve("bad-mem").toString()}}) {
            CliRun run = slurm(args);
            assertThat(run.status()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).startsWith("error: ").doesNotContain("Exception");
            assertThat(Path.of(args[args.length - 1])).doesNotExist();
        }
        assertThat(slurm("submit", SPEC.toString(), "--array", "9", "--out", "x").err())
                .contains("--array: planted-rank-ci has 8 jobs, so the array has 1 to 8 tasks, got 9");
        assertThat(cluster.queue()).hasSize(queued[0]);
        assertThat(slurm("status", dir.resolve("nowhere").toString()).err()).startsWith("error: ").contains("no Slurm submission here");
    }

    private static java.util.List<Path> jobFiles(Path jobs) throws IOException {
        if (!Files.isDirectory(jobs)) {
            return java.util.List.of();
        }
        try (Stream<Path> files = Files.list(jobs)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".json")).toList();
        }
    }
}
