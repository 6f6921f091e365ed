package org.loralab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class RandomArraysTest {

    @Property(tries = 50)
    void permutationIsAPermutation(@ForAll @IntRange(min = 1, max = 500) int n, @ForAll long seed) {
        int[] p = RandomArrays.permutation(new SplittableRandom(seed), n);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
    }

    @Test
    void normalHasTheRequestedMoments() {
        // 200k draws: the standard error of the mean is 0.002 * std, of the variance about 0.3%
        INDArray x = RandomArrays.normal(new SplittableRandom(1), 2.0, 3.0, DataType.DOUBLE, 200_000);
        assertThat(x.meanNumber().doubleValue()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.03));
        assertThat(x.stdNumber().doubleValue()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void sameSeedSameNumbers() {
        assertThat(RandomArrays.uniform(new SplittableRandom(5), -1, 1, DataType.FLOAT, 3, 4))
                .isEqualTo(RandomArrays.uniform(new SplittableRandom(5), -1, 1, DataType.FLOAT, 3, 4));
    }
}
