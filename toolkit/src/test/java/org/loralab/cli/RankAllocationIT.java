package org.loralab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The known answer of rank allocation (experiments/rank-allocation-ci.yaml): the planted update has rank 8 in layers.0
 * and none in layers.1. At the parameters of uniform rank 4 (4 ranks on each of the two 32 x 32 modules), energy
 * allocation must move the ranks to layers.0 and recover more of full fine-tuning's gain than uniform rank 4, which
 * cannot hold a rank-8 update.
 */
class RankAllocationIT {

    @Test
    void energyAllocationPutsTheBudgetOnThePlantedModuleAndRecoversMore(@TempDir Path dir) throws IOException {
        CliRun run = CliRun.of("run", Path.of("..", "experiments", "rank-allocation-ci.yaml").toString(), "--out", dir.toString());
        assertThat(run.status()).as(run.err()).isZero();
        Table ranks = Table.read().csv(dir.resolve("rank_allocation.csv").toFile());
        Table atFour = ranks.where(ranks.intColumn("rank").isEqualTo(4));
        for (int i = 0; i < atFour.rowCount(); i++) {
            assertThat(atFour.intColumn("allocated_rank").get(i)).as(atFour.row(i).toString())
                    .isEqualTo(atFour.stringColumn("module").get(i).equals("layers.0") ? 7 : 1);
        }
        Table compared = Table.read().csv(dir.resolve("allocation.csv").toFile());
        Table four = compared.where(compared.intColumn("rank").isEqualTo(4));
        // equal budgets: 7 (32 + 32) + 1 (32 + 32) = 4 (32 + 32) + 4 (32 + 32)
        assertThat(four.numberColumn("energy_params").getDouble(0)).isEqualTo(four.numberColumn("uniform_params").getDouble(0))
                .isEqualTo(512.0);
        double energy = four.doubleColumn("energy_fraction_mean").get(0);
        double uniform = four.doubleColumn("uniform_fraction_mean").get(0);
        System.out.printf("rank allocation at the uniform-rank-4 budget: energy %.4f, uniform %.4f of full's gain%n", energy,
                uniform);
        assertThat(energy).isGreaterThan(uniform + 0.03);
        assertThat(four.doubleColumn("difference_ci95_low").get(0)).isPositive();
        JsonNode adapter = new ObjectMapper().readTree(dir.resolve(".jobs/lora-allocation=energy-r4-seed1.adapter/adapter_config.json")
                .toFile());
        assertThat(adapter.get("r").asInt()).isEqualTo(7);
        assertThat(adapter.get("rank_pattern").toString()).isEqualTo("{\"layers.1\":1}");
        assertThat(Files.readString(dir.resolve("report.md"))).contains("## Rank allocation",
                "measuring the spectrum first recovers more at");
    }
}
