package org.loralab.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateSearchTest {
    private static final LearningRateSearch TWO = new LearningRateSearch(2);
    private static final List<Double> LIST = List.of(0.001, 0.003, 0.01);

    @Test
    void aChoiceInsideTheRatesTriedEndsTheSearch() {
        assertThat(TWO.next(3, LIST, 1, false)).isEmpty();
    }

    /** The list's spacing continues, to one significant digit: 0.001 / 3 = 0.000333 -> 0.0003; 0.01 x 3.33 -> 0.03. */
    @Test
    void aChoiceAtAnEndTrainsTheNextRateBeyondIt() {
        assertThat(TWO.next(3, LIST, 0, false)).hasValue(0.0003);
        assertThat(TWO.next(3, LIST, 2, false)).hasValue(0.03);
        // after one extension upward, chosen again at the new end: one more, then the limit
        assertThat(TWO.next(3, List.of(0.001, 0.003, 0.01, 0.03), 3, false)).hasValue(0.09);
        assertThat(TWO.next(3, List.of(0.001, 0.003, 0.01, 0.03, 0.09), 4, false)).isEmpty();
        // after an extension the list's old end is inside: a choice there ends the search
        assertThat(TWO.next(3, List.of(0.001, 0.003, 0.01, 0.03), 2, false)).isEmpty();
    }

    @Test
    void everyRateDivergedGoesBelowTheSmallest() {
        assertThat(TWO.next(3, LIST, 0, true)).hasValue(0.0003);
    }

    @Test
    void noSearchOrNoExtensionsNeverExtends() {
        assertThat(TWO.next(1, List.of(0.01), 0, false)).isEmpty();
        assertThat(new LearningRateSearch(0).next(3, LIST, 2, false)).isEmpty();
        assertThatThrownBy(() -> new LearningRateSearch(-1)).hasMessageContaining("learning_rate_extensions");
    }

    /** Rounding must never land back inside the rates tried: then the exact product is used. */
    @Test
    void roundingThatWouldNotLeaveTheRangeIsSkipped() {
        assertThat(LearningRateSearch.beyond(0.0015, 1.2)).isEqualTo(0.002);
        assertThat(LearningRateSearch.beyond(0.0011, 1.05)).isEqualTo(0.0011 * 1.05); // 0.001155 rounds to 0.001
        assertThat(LearningRateSearch.beyond(0.0011, 1 / 1.05)).isEqualTo(0.001);
    }
}
