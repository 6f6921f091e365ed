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
        org.loralab.testing.RequiredTool.require(Files.isDirectory(FashionMnist.DEBIAN_DIR), "dataset-fashion-mnist");
        first = CliRun.of("run", SPEC.toString(), "--out", dir.resolve("a").toString());
    }

    @Test
    void transferImprovesOnTheProbeAndLoraRecoversPartOfIt() throws IOException {
        assertThat(first.status()).as(first.err()).isZero();
        assertThat(first.err()).contains(": pretraining: epoch 1/", ": linear probe: epoch 1/");
        Table trials = Table.read().csv(dir.resolve("a/trials.csv").toFile());
        double base = metric(trials, "base", -1);
        double full = metric(trials, "full", -1);
        Table lora = trials.where(trials.stringColumn("method").isEqualTo("lora").and(trials.booleanColumn("selected").isTrue()));
        double lora4 = metric(lora.where(lora.stringColumn("config").isEqualTo("targets=layers.0+layers.1")), "lora", 4);
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

    /** The CI spec's grid: adapters on both hidden layers, or on the second only; two ranks each. */
    @Test
    void theGridTrainsEachConfigurationAndTheReportComparesThem(@TempDir Path work) throws Exception {
        assertThat(first.status()).as(first.err()).isZero();
        Table trials = Table.read().csv(dir.resolve("a/trials.csv").toFile());
        Table lora = trials.where(trials.stringColumn("method").isEqualTo("lora").and(trials.booleanColumn("selected").isTrue()));
        assertThat(lora.stringColumn("config").unique().asList())
                .containsExactlyInAnyOrder("targets=layers.0+layers.1", "targets=layers.1");
        assertThat(lora.rowCount()).isEqualTo(2 * 2);
        Table both = lora.where(lora.stringColumn("config").isEqualTo("targets=layers.0+layers.1")
                .and(lora.intColumn("rank").isEqualTo(4)));
        Table second = lora.where(lora.stringColumn("config").isEqualTo("targets=layers.1")
                .and(lora.intColumn("rank").isEqualTo(4)));
        // rank 4 on 784 -> 128 and 128 -> 128, or on 128 -> 128 only; the head (128 -> 5, with bias) in full either way
        long head = 128 * 5 + 5;
        assertThat(both.numberColumn("trainable_params").getDouble(0)).isEqualTo((double) (4 * (784 + 128) + 4 * (128 + 128) + head));
        assertThat(second.numberColumn("trainable_params").getDouble(0)).isEqualTo((double) (4 * (128 + 128) + head));
        String report = Files.readString(dir.resolve("a/report.md"));
        assertThat(report).contains("a grid of 2 configurations", "| config | targets | alpha | scaling | r90_median |",
                "Across the 2 LoRA configurations of the grid");
        HeadlessChromium.Page page = HeadlessChromium.open(dir.resolve("a/report.html"), work);
        assertThat(page.consoleErrors()).isEmpty();
        assertThat(page.plotlyCharts()).isEqualTo(4);
        assertThat(page.dom()).contains("lora targets=layers.1");
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
        Table t = trials.where(trials.stringColumn("method").isEqualTo(method).and(trials.booleanColumn("selected").isTrue()));
        if (rank >= 0) {
            t = t.where(t.intColumn("rank").isEqualTo(rank));
        }
        return t.doubleColumn("test_metric").get(0);
    }
}
