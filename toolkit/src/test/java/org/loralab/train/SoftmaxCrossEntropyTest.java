package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.loralab.nn.GradientCheck;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxCrossEntropyTest {

    private static INDArray oneHot(int[] classes, int count) {
        INDArray t = Nd4j.zeros(DataType.DOUBLE, classes.length, count);
        for (int i = 0; i < classes.length; i++) {
            t.putScalar(i, classes[i], 1.0);
        }
        return t;
    }

    @Test
    void valueMatchesTheDefinitionAndTheGradientFiniteDifferences() {
        INDArray p = RandomArrays.normal(new SplittableRandom(3), 0, 2, DataType.DOUBLE, 5, 4);
        INDArray t = oneHot(new int[] {0, 3, 1, 1, 2}, 4);
        Loss loss = new SoftmaxCrossEntropy();
        double expected = 0;
        for (int i = 0; i < 5; i++) {
            double sum = 0;
            for (int j = 0; j < 4; j++) {
                sum += Math.exp(p.getDouble(i, j));
            }
            int c = (int) Nd4j.argMax(t.getRow(i)).getDouble(0);
            expected -= Math.log(Math.exp(p.getDouble(i, c)) / sum) / 5;
        }
        assertThat(loss.value(p, t)).isCloseTo(expected, offset(1e-13));
        INDArray numeric = GradientCheck.numerical(p, () -> loss.value(p, t));
        assertThat(GradientCheck.relativeError(loss.gradient(p, t), numeric)).isLessThan(1e-6);
        assertThat(p.getDouble(0, 0)).as("arguments are not modified").isEqualTo(
                RandomArrays.normal(new SplittableRandom(3), 0, 2, DataType.DOUBLE, 5, 4).getDouble(0, 0));
    }

    @Test
    void hugeLogitsStayFiniteAndAccuracyCountsArgmaxMatches() {
        INDArray p = Nd4j.create(new double[][] {{1000, 0, -1000}, {0, 2000, 1}});
        INDArray t = oneHot(new int[] {0, 2}, 3);
        double v = new SoftmaxCrossEntropy().value(p, t);
        assertThat(v).isCloseTo((0 + 1999) / 2.0, offset(1e-9)); // row 2: -log softmax = 2000 - 1
        assertThat(SoftmaxCrossEntropy.accuracy(p, t)).isEqualTo(0.5);
    }
}
