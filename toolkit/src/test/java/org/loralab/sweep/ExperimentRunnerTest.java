package org.loralab.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.experiment.Method;
import org.loralab.experiment.SpecReader;
import org.loralab.results.ExperimentResults;
import org.loralab.results.TrialResult;

class ExperimentRunnerTest {

    /**
     * LoRA on the linear head with a learning rate of 1e30 makes the outputs, and the float32 loss, overflow: the
     * trial is recorded as diverged and the sweep goes on. (On the tanh layers alone it would not: they saturate.)
     */
    @Test
    void aDivergedTrialIsRecordedAndTheSweepGoesOn(@TempDir Path dir) throws IOException {
        String text = Files.readString(Path.of("..", "experiments", "planted-rank-ci.yaml"))
                .replace("ranks: [1, 4, 8]", "ranks: [1, 4]")
                .replace("seeds: [1, 2]", "seeds: [1]")
                .replace("  target_modules: [layers.0, layers.1]", "  target_modules: [head]")
                .replace("  learning_rate: 0.005", "  learning_rate: 1.0e30");
        assertThat(text).contains("1.0e30", "target_modules: [head]");
        Path specFile = Files.writeString(dir.resolve("diverging.yaml"), text);
        ExperimentResults results = ExperimentRunner.run(SpecReader.read(specFile), dir.resolve("out"),
                ExperimentRunner.Options.defaults()).orElseThrow();
        assertThat(results.trials()).hasSize(6); // base, full, 2 LoRA, 2 truncated
        for (TrialResult t : results.trials()) {
            if (t.method() == Method.LORA) {
                assertThat(t.status()).isEqualTo(TrialResult.DIVERGED);
                assertThat(t.metric()).isNaN();
            } else {
                assertThat(t.status()).as(t.toString()).isEqualTo(TrialResult.OK);
                assertThat(t.metric()).isFinite();
            }
        }
        assertThat(results.taskRank(Method.LORA, 0.9, 1)).isEmpty();
        assertThat(results.taskRank(Method.TRUNCATED, 0.9, 1)).isPresent();
        // and the report is still written, stating the divergence
        org.loralab.report.ReportWriter.write(results, dir.resolve("out"), java.util.Map.of());
        assertThat(Files.readString(dir.resolve("out/trials.csv"))).contains(",diverged");
        assertThat(Files.readString(dir.resolve("out/report.md"))).contains("r90 = not reached");
    }
}
