package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.testing.Specs;

/** The paths of loralab run that only a second run shows: resuming, --fresh, and a fault of the toolkit itself. */
class RunCommandTest {
    private static final String TINY = Specs.VALID.replace("ranks: [4, 1, 2]", "ranks: [1]").replace("seeds: [1, 2]",
            "seeds: [1]");

    /** A second run resumes every stored job; --fresh discards them, trains again, and gets the same bytes. */
    @Test
    void aSecondRunResumesAndFreshTrainsAgainToTheSameNumbers(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("tiny.yaml"), TINY);
        String out = dir.resolve("out").toString();
        CliRun first = CliRun.of("run", spec.toString(), "--out", out);
        assertThat(first.status()).as(first.err()).isZero();
        byte[] trials = Files.readAllBytes(dir.resolve("out/trials.csv"));
        Path fullJob = dir.resolve("out/.jobs/full-seed1.json");
        Files.setLastModifiedTime(fullJob, java.nio.file.attribute.FileTime.fromMillis(0));

        CliRun again = CliRun.of("run", spec.toString(), "--out", out);
        assertThat(again.status()).isZero();
        assertThat(again.err()).contains("resuming, 2 of 2 jobs already finished");
        assertThat(Files.getLastModifiedTime(fullJob).toMillis()).as("not trained again").isZero();

        CliRun fresh = CliRun.of("run", spec.toString(), "--out", out, "--fresh");
        assertThat(fresh.status()).as(fresh.err()).isZero();
        assertThat(fresh.err()).doesNotContain("resuming");
        assertThat(Files.getLastModifiedTime(fullJob).toMillis()).as("trained again").isPositive();
        assertThat(Files.readAllBytes(dir.resolve("out/trials.csv"))).isEqualTo(trials);
    }

    /** A bug in the toolkit (here planted in a test-only method) is exit status 1 with the trace, and no report. */
    @Test
    void aFaultOfTheToolkitIsExitOneWithItsTraceAndNoReport(@TempDir Path dir) throws IOException {
        Path spec = Files.writeString(dir.resolve("faulty.yaml"), TINY + """
                planted_fault:
                  learning_rate: 0.01
                  epochs: 1
                  batch_size: 16
                """);
        CliRun run = CliRun.of("run", spec.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.err()).contains("internal error: java.lang.IllegalStateException: a planted fault", "\tat ");
        assertThat(dir.resolve("out/report.md")).doesNotExist();
        assertThat(dir.resolve("out/trials.csv")).doesNotExist();
    }
}
