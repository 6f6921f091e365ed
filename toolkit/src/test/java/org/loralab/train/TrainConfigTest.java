package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The edges of the training settings' ranges: the smallest valid value passes, the next one down is refused. */
class TrainConfigTest {

    @Test
    void oneEpochAndOneExampleABatchAreValidZeroIsNot() {
        TrainConfig smallest = new TrainConfig(1, 1, AdamConfig.adam(0.1), LearningRateSchedule.CONSTANT, 0, 0);
        assertThat(smallest.epochs()).isEqualTo(1);
        assertThatThrownBy(() -> new TrainConfig(0, 1, AdamConfig.adam(0.1), LearningRateSchedule.CONSTANT, 0))
                .hasMessageContaining("epochs must be >= 1");
        assertThatThrownBy(() -> new TrainConfig(1, 0, AdamConfig.adam(0.1), LearningRateSchedule.CONSTANT, 0))
                .hasMessageContaining("batch_size must be >= 1");
        assertThatThrownBy(() -> new TrainConfig(1, 1, AdamConfig.adam(0.1), LearningRateSchedule.CONSTANT, 0, -1))
                .hasMessageContaining("patience");
    }

    /** Steps per epoch round up: 10 examples in batches of 4 are 3 steps, so 5 epochs are 15. */
    @Test
    void totalStepsCountTheShortLastBatch() {
        TrainConfig config = new TrainConfig(5, 4, AdamConfig.adam(0.1), LearningRateSchedule.CONSTANT, 0);
        assertThat(config.totalSteps(10)).isEqualTo(15);
        assertThat(config.totalSteps(12)).isEqualTo(15);
        assertThat(config.totalSteps(13)).isEqualTo(20);
    }

    @Test
    void adamsRangesIncludeTheirClosedEndsOnly() {
        assertThat(new AdamConfig(1e-9, 0, 0, 1e-12, 0, false).beta1()).isZero(); // 0 is allowed for betas and decay
        assertThatThrownBy(() -> AdamConfig.adam(0)).hasMessageContaining("learning_rate");
        assertThatThrownBy(() -> AdamConfig.adam(Double.POSITIVE_INFINITY)).hasMessageContaining("learning_rate");
        assertThatThrownBy(() -> new AdamConfig(0.1, 1, 0.999, 1e-8, 0, false)).hasMessageContaining("betas");
        assertThatThrownBy(() -> new AdamConfig(0.1, 0.9, 1, 1e-8, 0, false)).hasMessageContaining("betas");
        assertThatThrownBy(() -> new AdamConfig(0.1, -0.1, 0.999, 1e-8, 0, false)).hasMessageContaining("betas");
        assertThatThrownBy(() -> new AdamConfig(0.1, 0.9, -0.1, 1e-8, 0, false)).hasMessageContaining("betas");
        assertThatThrownBy(() -> new AdamConfig(0.1, 0.9, 0.999, 0, 0, false)).hasMessageContaining("epsilon");
        assertThatThrownBy(() -> new AdamConfig(0.1, 0.9, 0.999, 1e-8, -1e-9, false)).hasMessageContaining("weight_decay");
        assertThat(AdamConfig.adamW(0.1, 0.01)).isEqualTo(new AdamConfig(0.1, 0.9, 0.999, 1e-8, 0.01, true));
    }
}
