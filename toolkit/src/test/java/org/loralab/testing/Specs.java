package org.loralab.testing;

import org.loralab.experiment.ExperimentSpec;
import org.loralab.experiment.SpecReader;

/** Small experiment specs for tests: a planted-rank sweep that trains in well under a second. */
public final class Specs {
    public static final String VALID = """
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

    public static ExperimentSpec parse(String yaml) {
        return SpecReader.parse(yaml, "spec.yaml", "fallback");
    }

    public static final String GRID = VALID.replace("""
              target_modules: [layers.0, layers.1]
              epochs: 2
              batch_size: 16
              learning_rate: 0.01
            """, """
              grid:
                target_modules: [[layers.0, layers.1], 'layers\\.1']
                alpha: [r, 16]
              learning_rate: [0.01, 0.003]
              epochs: 2
              batch_size: 16
            """);

    /** {@link #VALID} with a random-subspace sweep (the tiny model's linear modules hold 166 weights and biases). */
    public static final String SUBSPACE = VALID + """
            subspace:
              dimensions: [4, 40, 160]
              learning_rate: [0.01, 0.1]
              epochs: 2
              batch_size: 16
            """;

    private Specs() {
    }
}
