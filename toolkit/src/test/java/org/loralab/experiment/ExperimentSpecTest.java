package org.loralab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.testing.Specs;

class ExperimentSpecTest {

    /** In a notebook, {@code List.of(1, 2)} is a list of Integer; it must work as seeds as {@code List.of(1L, 2L)} does. */
    @Test
    void seedsTakeTheIntLiteralsANotebookWrites() {
        ExperimentSpec spec = Specs.parse(Specs.VALID);
        assertThat(spec.withSeeds(List.of(1, 2)).seeds()).containsExactly(1L, 2L);
        assertThat(spec.withSeeds(List.of(3L)).seeds()).containsExactly(3L);
        assertThat(spec.withSeeds(List.of(4.0)).seeds()).containsExactly(4L);
        assertThatThrownBy(() -> spec.withSeeds(List.of(1.5))).hasMessageContaining("seeds must be whole numbers, got 1.5");
        assertThatThrownBy(() -> spec.withSeeds(List.of(1, 1))).hasMessageContaining("distinct");
    }
}
