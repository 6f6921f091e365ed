package org.loralab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loralab.BadInputException;
import org.loralab.lora.InitScheme;
import org.loralab.train.LearningRateSchedule;

class SpecReaderTest {
    static final String VALID = """
            name: tiny
            task:
              input_size: 8
              hidden_sizes: [6, 6]
              output_size: 10
              planted_modules: [layers.0]
              singular_values: [1.0, 0.5]
              train_size: 64
              test_size: 32
              seed: 1
            full:
              epochs: 2
              batch_size: 16
              learning_rate: 0.01
            lora:
              ranks: [4, 1, 2]
              target_modules: [layers.0, layers.1]
              epochs: 2
              batch_size: 16
              learning_rate: 0.01
            seeds: [1, 2]
            """;

    static ExperimentSpec parse(String yaml) {
        return SpecReader.parse(yaml, "spec.yaml", "fallback");
    }

    @Test
    void readsAValidSpecWithDefaults() {
        ExperimentSpec spec = parse(VALID);
        assertThat(spec.name()).isEqualTo("tiny");
        assertThat(spec.precision()).isEqualTo(Precision.FLOAT32);
        assertThat(spec.lora().ranks()).containsExactly(1, 2, 4);
        assertThat(spec.lora().init()).isEqualTo(InitScheme.KAIMING);
        assertThat(spec.lora().configFor(4).scaling()).isEqualTo(1.0);
        assertThat(spec.full().schedule()).isEqualTo(LearningRateSchedule.CONSTANT);
        assertThat(spec.task().plantedRank()).isEqualTo(2);
        assertThat(spec.seeds()).containsExactly(1L, 2L);
    }

    @Test
    void readsTheShippedSpecs() {
        for (String name : new String[] {"planted-rank.yaml", "planted-rank-ci.yaml"}) {
            ExperimentSpec spec = SpecReader.read(Path.of("..", "experiments", name));
            assertThat(spec.task().plantedRank()).isEqualTo(4);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown key      | 'seeds: [1, 2]'           | 'seeds: [1, 2]\nrankz: 3'            | unknown key 'rankz'",
        "nested unknown   | '  learning_rate: 0.01\nseeds' | '  learning_rate: 0.01\n  lr: 1\nseeds' | unknown key 'lora.lr'",
        "rank zero        | 'ranks: [4, 1, 2]'        | 'ranks: [0, 1]'                       | lora: ranks must all be >= 1, got 0",
        "rank too large   | 'ranks: [4, 1, 2]'        | 'ranks: [1, 7]'                       | rank 7 exceeds min(out, in) = 6 of target module 'layers.0'",
        "non-numeric      | 'epochs: 2\n  batch_size: 16\n  learning_rate: 0.01\nlora' | 'epochs: two\n  batch_size: 16\n  learning_rate: 0.01\nlora' | key 'full.epochs' must be an integer, got 'two'",
        "missing key      | '  test_size: 32\n'       | '\n'                                  | missing key 'task.test_size'",
        "bad choice       | 'name: tiny'              | 'name: tiny\nprecision: float16'      | key 'precision' must be one of [float32, float64], got 'float16'",
        "duplicate seeds  | 'seeds: [1, 2]'           | 'seeds: [1, 1]'                       | seeds must be distinct",
        "no target        | 'target_modules: [layers.0, layers.1]' | 'target_modules: [q_proj]' | matches no module",
    })
    void badSpecsNameTheKeyAtFault(String label, String from, String to, String message) {
        String yaml = VALID.replace(from.replace("\\n", "\n"), to.replace("\\n", "\n"));
        assertThat(yaml).as("the test edits the spec").isNotEqualTo(VALID);
        assertThatThrownBy(() -> parse(yaml)).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("spec.yaml: ").hasMessageContaining(message);
    }

    @Test
    void missingFileAndBrokenYamlAreBadInput() {
        assertThatThrownBy(() -> SpecReader.read(Path.of("no/such/spec.yaml")))
                .isInstanceOf(BadInputException.class).hasMessage("no/such/spec.yaml: no such file");
        assertThatThrownBy(() -> parse("task: [unclosed")).isInstanceOf(BadInputException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> parse("- a list")).hasMessageContaining("must be a YAML mapping");
        assertThatThrownBy(() -> parse(VALID + "seeds: [3]\n")).hasMessageContaining("Duplicate field 'seeds'");
    }
}
