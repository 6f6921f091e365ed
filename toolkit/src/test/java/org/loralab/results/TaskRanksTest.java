package org.loralab.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TaskRanksTest {

    @Test
    void smallestRankReachingTheShareOfTheImprovement() {
        // base -1, full 0: r reaches 90% when m(r) >= -0.1
        TreeMap<Integer, Double> curve = new TreeMap<>();
        curve.put(1, -0.5);
        curve.put(2, -0.2);
        curve.put(4, -0.09);
        curve.put(8, -0.001);
        assertThat(TaskRanks.rankReaching(0.90, -1, 0, curve)).isEqualTo(OptionalInt.of(4));
        assertThat(TaskRanks.rankReaching(0.99, -1, 0, curve)).isEqualTo(OptionalInt.of(8));
        assertThat(TaskRanks.rankReaching(0.9999, -1, 0, curve)).isEmpty();
        assertThat(TaskRanks.rankReaching(0.5, -1, 0, curve)).isEqualTo(OptionalInt.of(1));
    }

    @Test
    void noImprovementOrDivergedPointsNeverReach() {
        TreeMap<Integer, Double> curve = new TreeMap<>();
        curve.put(1, Double.NaN);
        curve.put(2, 5.0);
        assertThat(TaskRanks.rankReaching(0.9, 0, 0, curve)).isEmpty();
        assertThat(TaskRanks.rankReaching(0.9, 0, 1, curve)).isEqualTo(OptionalInt.of(2));
        assertThat(TaskRanks.fractionOfFull(-0.5, -1, 0)).isEqualTo(0.5);
    }

    @Test
    void meanIntervalUsesStudentT() {
        MeanInterval m = MeanInterval.of(new double[] {1, 2, 3});
        // sd = 1, t(0.975, 2) = 4.302653, half width 4.302653 / sqrt(3) = 2.484138
        assertThat(m.mean()).isEqualTo(2.0);
        assertThat(m.high() - m.mean()).isCloseTo(2.484138, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(MeanInterval.of(new double[] {4}).low()).isNaN();
        assertThat(MeanInterval.of(new double[0]).n()).isZero();
    }
}
