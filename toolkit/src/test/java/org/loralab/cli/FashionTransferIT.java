package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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
            assertThat(bases.map(p -> p.getFileName().toString()).sorted().toList()).hasSize(2)
                    .satisfies(names -> assertThat(names.get(0)).startsWith("fashion-base-").endsWith(".safetensors"))
                    .satisfies(names -> assertThat(names.get(1)).startsWith("fashion-source-").endsWith(".safetensors"));
        }
    }

    /**
     * Forgetting: the base model classifies held-out source images far above chance (0.2) through its pretrained layers
     * and the pretraining head; full fine-tuning on the target classes loses some of it; each trial's forgetting is the
     * base's source accuracy minus its own (recomputed here from the CSV's columns).
     */
    @Test
    void everyTrialReportsTheSourceTasksAccuracyAndItsForgetting() throws IOException {
        assertThat(first.status()).as(first.err()).isZero();
        Table trials = Table.read().csv(dir.resolve("a/trials.csv").toFile());
        Table base = trials.where(trials.stringColumn("method").isEqualTo("base"));
        double baseSource = base.doubleColumn("source_test_metric").get(0);
        assertThat(baseSource).isBetween(0.6, 1.0);
        assertThat(base.doubleColumn("source_validation_metric").get(0)).isBetween(0.6, 1.0);
        Table selected = trials.where(trials.booleanColumn("selected").isTrue());
        for (int i = 0; i < selected.rowCount(); i++) {
            assertThat(selected.doubleColumn("forgetting").get(i)).as(selected.row(i).toString())
                    .isCloseTo(baseSource - selected.doubleColumn("source_test_metric").get(i), within(1e-9));
        }
        assertThat(metricOf(trials, "full", "source_test_metric")).isLessThan(baseSource - 0.05);
        String report = Files.readString(dir.resolve("a/report.md"));
        assertThat(report).contains("## Learning and forgetting", "figures/learn-forget.png",
                "- Forgetting (test accuracy on the source classes): full fine-tuning takes it from");
        assertThat(dir.resolve("a/forgetting.csv")).exists();
    }

    private static double metricOf(Table trials, String method, String column) {
        return trials.where(trials.stringColumn("method").isEqualTo(method).and(trials.booleanColumn("selected").isTrue()))
                .doubleColumn(column).get(0);
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
        assertThat(page.plotlyCharts()).isEqualTo(5); // four of every report and learn-forget
        assertThat(page.dom()).contains("lora targets=layers.1");
    }

    @Test
    void aFreshRunReusesTheSavedBaseAndGivesTheSameTrials() throws IOException {
        assertThat(first.status()).isZero();
        Path b = dir.resolve("b");
        Files.createDirectories(b);
        Files.createDirectories(b.resolve(".base"));
        try (var bases = Files.list(dir.resolve("a/.base"))) {
            for (Path saved : bases.toList()) {
                Files.copy(saved, b.resolve(".base").resolve(saved.getFileName()));
            }
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
