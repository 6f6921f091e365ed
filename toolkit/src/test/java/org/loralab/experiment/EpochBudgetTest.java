package org.loralab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EpochBudgetTest {

    @Test
    void aChoiceThatKeptItsLastEpochTrainsAgainWhileDoublingsRemain() {
        EpochBudget two = new EpochBudget(2);
        assertThat(two.doubles(8, 8, 8, 0, false)).isTrue();
        assertThat(two.doubles(16, 16, 16, 1, false)).isTrue();
        assertThat(two.doubles(32, 32, 32, 2, false)).isFalse(); // used up
        assertThat(two.doubles(5, 8, 8, 0, false)).isFalse(); // early stopping kept an earlier epoch: the budget did not bind
        assertThat(two.doubles(8, 8, 8, 0, true)).isFalse(); // diverged
        assertThat(new EpochBudget(0).doubles(8, 8, 8, 0, false)).isFalse();
    }

    /** The 16-epoch run lost to the 8-epoch one on validation: training the same 16 epochs again would only repeat it. */
    @Test
    void aChoiceThatBeatItsLongerRunIsNotDoubledAgain() {
        assertThat(new EpochBudget(2).doubles(8, 8, 16, 1, false)).isFalse();
        assertThatThrownBy(() -> new EpochBudget(6)).hasMessageContaining("epoch_extensions");
    }
}
