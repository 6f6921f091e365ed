package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loralab.nn.GradientCheck;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MeanSquaredErrorTest {

    @Test
    void valueAndGradientMatchTheDefinitionAndFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(1);
        INDArray p = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 4, 3);
        INDArray t = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 4, 3);
        Loss loss = new MeanSquaredError();
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
                expected += Math.pow(p.getDouble(i, j) - t.getDouble(i, j), 2) / 12;
            }
        }
        assertThat(loss.value(p, t)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-14));
        INDArray numeric = GradientCheck.numerical(p, () -> loss.value(p, t));
        assertThat(GradientCheck.relativeError(loss.gradient(p, t), numeric)).isLessThan(1e-6);
    }
}
