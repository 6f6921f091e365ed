package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * End to end on the CI-size planted-rank spec (r* = 4): the command line runs it, the report recovers the
 * planted rank, and runs are resumable and deterministic.
 */
class PlantedRankIT {
    private static final Path SPEC = Path.of("..", "experiments", "planted-rank-ci.yaml");
    private static final int R_STAR = 4;

    @TempDir
    static Path dir;
    static Path out;
    static CliRun first;

    @BeforeAll
    static void runOnce() {
        out = dir.resolve("a");
        first = CliRun.of("run", SPEC.toString(), "--out", out.toString());
    }

    @Test
    void writesEveryOutputOfTheContract() {
        assertThat(first.status()).as(first.err()).isZero();
        for (String f : new String[] {"report.md", "report.html", "trials.csv", "layers.csv", "spectrum.csv",
                "truncation.csv", "run.json", "figures/spectrum.png", "figures/spectrum.svg",
                "figures/loss-vs-rank.png", "figures/fraction-vs-rank.svg", "figures/truncation.png"}) {
            assertThat(out.resolve(f)).isNotEmptyFile();
        }
        assertThat(first.err()).contains("[8/8]");
        assertThat(first.out()).contains("report: ");
    }

    @Test
    void layersCsvHasTheContractColumnsInOrder() throws IOException {
        assertThat(Files.readAllLines(out.resolve("layers.csv")).get(0)).isEqualTo("tensor,rows,cols,frobenius,spectral_norm,"
                + "nuclear_norm,stable_rank,entropy_rank,participation_ratio,energy_rank_90,energy_rank_95,energy_rank_99,"
                + "numerical_rank,relative_update");
        assertThat(Files.readAllLines(out.resolve("spectrum.csv")).get(0)).isEqualTo("tensor,index,sigma");
    }

    @Test
    void fullFineTuningRecoversThePlantedRank() {
        Table layers = Table.read().csv(out.resolve("layers.csv").toFile());
        int checked = 0;
        for (Row row : layers) {
            String tensor = row.getString("tensor");
            if (tensor.startsWith("seed=") && (tensor.endsWith("/layers.0") || tensor.endsWith("/layers.1"))) {
                // the planted update has rank 4 with singular values 1.0 to 0.7: its energy rank 90 is exactly 4, and a
                // full fine-tuning that recovers it has the same (Adam's noise adds a tail far below 10% of the energy)
                assertThat(row.getInt("energy_rank_90")).as(tensor).isEqualTo(R_STAR);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(4); // 2 seeds x 2 planted modules
    }

    @Test
    void loraAtThePlantedRankMatchesFullFineTuningAndRankOneDoesNot() {
        Table trials = Table.read().csv(out.resolve("trials.csv").toFile());
        int checked = 0;
        for (Row row : trials) {
            if (!row.getString("method").equals("lora") || !row.getBoolean("selected")) {
                continue;
            }
            double fraction = row.getDouble("fraction_of_full");
            if (row.getInt("rank") >= R_STAR) {
                assertThat(fraction).as("rank " + row.getInt("rank")).isGreaterThanOrEqualTo(0.95);
            } else {
                assertThat(fraction).as("rank 1").isLessThan(0.8);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(6);
    }

    /** The verdict's first line names the planted rank, found on validation in both seeds. */
    @Test
    void theHeadlineFindsThePlantedRank() throws IOException {
        assertThat(Files.readString(out.resolve("report.md"))).contains("- **The update is low-rank and the toolkit finds its "
                + "rank:** the planted updates have rank 4; LoRA's r90 on validation is 4, 4 (per seed).\n");
    }

    @Test
    void rerunResumesAndSameSpecGivesIdenticalTrials() throws IOException {
        String trials = Files.readString(out.resolve("trials.csv"));
        CliRun again = CliRun.of("run", SPEC.toString(), "--out", out.toString());
        assertThat(again.status()).isZero();
        assertThat(again.err()).contains("resuming, 8 of 8 jobs already finished");
        assertThat(Files.readString(out.resolve("trials.csv"))).isEqualTo(trials);

        // a fresh folder, two workers: the same numbers
        Path other = dir.resolve("b");
        assertThat(CliRun.of("run", SPEC.toString(), "--out", other.toString(), "--workers", "2").status()).isZero();
        assertThat(Files.readString(other.resolve("trials.csv"))).isEqualTo(trials);

        // a job lost (as if killed before it finished) is run again, with the same result
        Files.delete(other.resolve(".jobs").resolve("lora-r4-seed2.json"));
        CliRun resumed = CliRun.of("run", SPEC.toString(), "--out", other.toString());
        assertThat(resumed.err()).contains("resuming, 7 of 8");
        assertThat(Files.readString(other.resolve("trials.csv"))).isEqualTo(trials);
    }

    @Test
    void changedSpecIsNotMixedWithOldResults() throws IOException {
        Path changed = dir.resolve("changed.yaml");
        Files.writeString(changed, Files.readString(SPEC).replace("seed: 7", "seed: 8"));
        CliRun run = CliRun.of("run", changed.toString(), "--out", out.toString());
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err()).contains("holds results of a different spec");
    }

    /**
     * report.html on its own (copied alone into an empty folder) in headless Chromium: its scripts run without an
     * error, every XY figure becomes an interactive Plotly chart (plotly.js is inlined), and the screenshot shows
     * them (thousands of coloured chart pixels; text and tables are black and grey).
     */
    @Test
    void htmlReportIsSelfContainedAndRendersInChromium(@TempDir Path alone) throws Exception {
        Path html = Files.copy(out.resolve("report.html"), alone.resolve("report.html"));
        HeadlessChromium.Page page = HeadlessChromium.open(html, alone);
        assertThat(page.consoleErrors()).isEmpty();
        // spectrum, truncation, loss-vs-rank, fraction-vs-rank
        assertThat(page.plotlyCharts()).isEqualTo(4);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(HeadlessChromium.screenshot(html, alone, 1200, 9000)
                .toFile());
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int g = rgb >> 8 & 0xff;
                int b = rgb & 0xff;
                if (Math.abs(r - g) + Math.abs(g - b) + Math.abs(r - b) > 120) {
                    coloured++;
                }
            }
        }
        assertThat(coloured).as("coloured pixels of the charts").isGreaterThan(2000);
    }
}
