package org.loralab.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.Method;
import org.loralab.experiment.SpecReader;
import org.loralab.results.ExperimentResults;
import org.loralab.results.ResultTables;
import org.loralab.sweep.ExperimentRunner;
import org.loralab.testing.Specs;

class TaskTypesTest {

    @Test
    void findsTheToolkitsTypesAndOneRegisteredByATest() {
        assertThat(TaskTypes.all()).extracting(TaskType::name).containsExactly("charlm-transfer",
                "fashion-mnist-transfer", "planted-rank", "shifted-head");
        assertThat(TaskTypes.named("shifted-head")).get().isInstanceOf(ShiftedHeadType.class);
    }

    @Test
    void anUnknownTypeNamesTheRegisteredOnes() {
        assertThatThrownBy(() -> Specs.parse(Specs.VALID.replace("task:\n", "task:\n  type: planted-rnak\n")))
                .isInstanceOf(BadInputException.class).hasMessage("spec.yaml: key 'task.type' must be one of charlm-transfer, "
                        + "fashion-mnist-transfer, planted-rank, shifted-head; got 'planted-rnak'");
    }

    /** The added task runs through the whole sweep with nothing else changed. */
    @Test
    void aRegisteredTaskRunsEndToEnd(@TempDir Path dir) {
        ExperimentSpec spec = SpecReader.parse("""
                name: shifted
                task:
                  type: shifted-head
                  size: 6
                  examples: 64
                  seed: 3
                full: {epochs: 30, batch_size: 16, learning_rate: 0.01}
                lora: {ranks: [1, 2], target_modules: [head], epochs: 30, batch_size: 16, learning_rate: 0.01}
                seeds: [1]
                """, "shifted.yaml", "shifted");
        assertThatThrownBy(() -> SpecReader.parse("task: {type: shifted-head, size: 1, examples: 4, seed: 1}\n",
                "bad.yaml", "bad")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("bad.yaml: task: size must be >= 2");
        ExperimentResults results = ExperimentRunner.run(spec, dir, ExperimentRunner.Options.defaults()).orElseThrow();
        double base = results.trial(Method.BASE, 0, 1).orElseThrow().metric();
        double full = results.trial(Method.FULL, 0, 1).orElseThrow().metric();
        double rankOne = results.trial(Method.LORA, 1, 1).orElseThrow().metric();
        assertThat(full).isGreaterThan(base);
        // the teacher differs from the base by rank one, so LoRA at r = 1 recovers most of full fine-tuning's gain
        assertThat((rankOne - base) / (full - base)).isGreaterThan(0.5);
        tech.tablesaw.api.Table trials = ResultTables.trials(results);
        // selected: base, full, LoRA r = 1, 2, truncations (the searches may add trials with doubled epochs)
        assertThat(trials.where(trials.booleanColumn("selected").isTrue()).rowCount()).isEqualTo(1 + 1 + 2 + 2);
    }
}
