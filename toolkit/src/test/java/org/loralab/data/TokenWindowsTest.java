package org.loralab.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

class TokenWindowsTest {

    @Test
    void targetsAreTheInputsShiftedByOneAndTheRemainderIsDropped() {
        Dataset d = TokenWindows.of(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, 3, DataType.FLOAT);
        assertThat(d.inputs().toIntMatrix()).isEqualTo(new int[][] {{1, 2, 3}, {4, 5, 6}});
        assertThat(d.targets().toIntMatrix()).isEqualTo(new int[][] {{2, 3, 4}, {5, 6, 7}});
    }

    @Test
    void tooShortAStreamIsAnError() {
        assertThatThrownBy(() -> TokenWindows.of(new int[] {1, 2, 3}, 3, DataType.FLOAT))
                .hasMessageContaining("need at least 4 tokens");
    }
}
