package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.testing.Specs;

/** A spec with a study section through the command line: check, shards, merge and the Slurm plan. */
class StudyCommandsTest {
    private static final String STUDY = Specs.VALID.replace("name: tiny\n", "name: tiny-study\nstudy: {vary: task.train_size, "
            + "values: [64, 96]}\n").replace("ranks: [4, 1, 2]", "ranks: [1, 2]");

    @Test
    void checkListsEachExperimentAndWritesNothing(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("study.yaml"), STUDY);
        CliRun run = CliRun.of("run", spec.toString(), "--check", "--out", dir.resolve("out").toString());
        assertThat(run.status()).as(run.err()).isZero();
        assertThat(run.out()).contains("valid study of 2 experiments", "  train_size-64: 6 jobs (2 full, 4 lora) over seeds [1, 2]",
                "  train_size-96: 6 jobs");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    /** Each shard runs its part of every experiment; merging the shards writes every experiment's report and the study's. */
    @Test
    void shardsOfAStudyMergeFromTheCommandLine(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("study.yaml"), STUDY);
        for (int i = 0; i < 2; i++) {
            CliRun shard = CliRun.of("run", spec.toString(), "--shard", i + "/2", "--out", dir.resolve("s" + i).toString());
            assertThat(shard.status()).as(shard.err()).isZero();
            assertThat(shard.out()).contains("shard " + i + "/2 done");
            assertThat(shard.err()).contains("tiny-study/train_size-96 shard " + i + "/2");
        }
        CliRun merge = CliRun.of("merge", dir.resolve("s0").toString(), dir.resolve("s1").toString(), "--out",
                dir.resolve("merged").toString());
        assertThat(merge.status()).as(merge.err()).isZero();
        assertThat(merge.out()).contains("- LoRA's r90", "report: " + dir.resolve("merged/report.md"));
        assertThat(dir.resolve("merged/study.csv")).isRegularFile();
        assertThat(dir.resolve("merged/train_size-64/report.md")).isRegularFile();
        assertThat(Files.readAllLines(dir.resolve("merged/study.csv"))).hasSize(1 + 2 * 2);
    }

    /** A study goes to Slurm as one array: every task runs its share of each experiment, the merge job the study. */
    @Test
    void aStudyIsSubmittedAsOneArrayBoundByItsLargestExperiment(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("study.yaml"), STUDY);
        Path jar = Files.writeString(dir.resolve("loralab.jar"), "");
        CliRun tooMany = CliRun.of("slurm", "submit", spec.toString(), "--array", "7", "--out", dir.resolve("o").toString(),
                "--jar", jar.toString(), "--dry-run");
        assertThat(tooMany.status()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--array: tiny-study has 6 jobs in its largest experiment, so the array has 1 to 6 "
                + "tasks, got 7");
        CliRun plan = CliRun.of("slurm", "submit", spec.toString(), "--array", "3", "--out", dir.resolve("o").toString(),
                "--jar", jar.toString(), "--dry-run");
        assertThat(plan.status()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("#SBATCH --array=0-2", " run ", "--shard", " merge ");
    }
}
