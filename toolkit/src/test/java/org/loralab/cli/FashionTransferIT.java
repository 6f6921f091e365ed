package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.data.FashionMnist;
import tech.tablesaw.api.Table;

/**
 * End to end on the CI-size Fashion-MNIST transfer spec (Debian's dataset-fashion-mnist, which the test
 * command installs): pretraining, probing, full and LoRA fine-tuning through the command line, a cached base,
 * and numbers a transfer task must show.
 */
class FashionTransferIT {
    private static final Path SPEC = Path.of("..", "experiments", "fashion-mnist-ci.yaml");

    @TempDir
    static Path dir;
    static CliRun first;

    @BeforeAll
    static void runOnce() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(FashionMnist.DEBIAN_DIR),
                "apt-get install dataset-fashion-mnist");
        first = CliRun.of("run", SPEC.toString(), "--out", dir.resolve("a").toString());
    }

    @Test
    void transferImprovesOnTheProbeAndLoraRecoversPartOfIt() throws IOException {
        assertThat(first.status()).as(first.err()).isZero();
        Table trials = Table.read().csv(dir.resolve("a/trials.csv").toFile());
        double base = metric(trials, "base", -1);
        double full = metric(trials, "full", -1);
        double lora4 = metric(trials, "lora", 4);
        // five balanced classes: chance is 0.2; the probe on pretrained features is far above it, fine-tuning above that
        assertThat(base).isBetween(0.5, 0.95);
        assertThat(full).isGreaterThan(base + 0.05);
        assertThat(lora4).isGreaterThan(base).isLessThanOrEqualTo(full + 0.02);
        assertThat(Files.readString(dir.resolve("a/report.md"))).contains("test accuracy on the target classes",
                "figures/metric-vs-rank.png", "Fashion-MNIST transfer: pretrain on classes [0, 1, 2, 3, 4]");
        try (var bases = Files.list(dir.resolve("a/.base"))) {
            assertThat(bases.map(p -> p.getFileName().toString()).toList()).singleElement()
                    .satisfies(name -> assertThat(name).startsWith("fashion-base-").endsWith(".safetensors"));
        }
    }

    @Test
    void aFreshRunReusesTheSavedBaseAndGivesTheSameTrials() throws IOException {
        assertThat(first.status()).isZero();
        Path b = dir.resolve("b");
        Files.createDirectories(b);
        try (var bases = Files.list(dir.resolve("a/.base"))) {
            Path saved = bases.findFirst().orElseThrow();
            Files.createDirectories(b.resolve(".base"));
            Files.copy(saved, b.resolve(".base").resolve(saved.getFileName()));
        }
        CliRun second = CliRun.of("run", SPEC.toString(), "--out", b.toString());
        assertThat(second.status()).as(second.err()).isZero();
        assertThat(Files.readString(b.resolve("trials.csv"))).isEqualTo(Files.readString(dir.resolve("a/trials.csv")));
    }

    private static double metric(Table trials, String method, int rank) {
        Table t = trials.where(trials.stringColumn("method").isEqualTo(method));
        if (rank >= 0) {
            t = t.where(t.intColumn("rank").isEqualTo(rank));
        }
        return t.doubleColumn("metric").get(0);
    }
}
