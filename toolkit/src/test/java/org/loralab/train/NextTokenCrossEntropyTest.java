package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NextTokenCrossEntropyTest {

    @Test
    void meanNegativeLogProbabilityOfEachNextToken() {
        // two sequences of two positions over a vocabulary of three
        INDArray logits = Nd4j.createFromArray(new double[][] {{0, 0, 0}, {1, 2, 3}, {5, 0, 0}, {0, 0, 9}});
        INDArray targets = Nd4j.createFromArray(new double[][] {{2, 0}, {0, 1}});
        double expected = 0;
        int[][] rows = {{0, 2}, {1, 0}, {2, 0}, {3, 1}};
        for (int[] r : rows) {
            double[] z = logits.getRow(r[0]).toDoubleVector();
            double log = Math.log(Math.exp(z[0]) + Math.exp(z[1]) + Math.exp(z[2]));
            expected += (log - z[r[1]]) / 4;
        }
        var result = new NextTokenCrossEntropy().valueAndGradient(logits, targets);
        assertThat(result.value()).isCloseTo(expected, within(1e-12));
        assertThat(result.gradient().shape()).containsExactly(4, 3);
        assertThat(result.gradient().sum(1).amaxNumber().doubleValue()).isLessThan(1e-15); // softmax - onehot sums to 0
    }

    /**
     * The gradient against central finite differences of the value (step 1e-6): the mean over positions of
     * softmax - one-hot, so an all-zero or unscaled gradient fails (asked 1e-6 relative: the differences' own error).
     */
    @Test
    void theGradientIsTheValuesDerivative() {
        INDArray logits = org.loralab.nn.GradientCheck.weights(5, 6, 4);
        INDArray targets = Nd4j.createFromArray(new double[][] {{3, 0, 1}, {2, 2, 0}});
        NextTokenCrossEntropy loss = new NextTokenCrossEntropy();
        INDArray numeric = org.loralab.nn.GradientCheck.numerical(logits, () -> loss.value(logits, targets));
        INDArray analytic = loss.valueAndGradient(logits, targets).gradient();
        assertThat(numeric.amaxNumber().doubleValue()).isGreaterThan(0.01);
        assertThat(org.loralab.nn.GradientCheck.relativeError(analytic, numeric)).isLessThan(1e-6);
    }

    @Test
    void uniformPredictionsCostLog2VocabBitsPerToken() {
        INDArray logits = Nd4j.zeros(DataType.DOUBLE, 6, 8);
        INDArray targets = Nd4j.createFromArray(new double[][] {{1, 7, 3}, {0, 0, 5}});
        double bits = NextTokenCrossEntropy.bits(new NextTokenCrossEntropy().value(logits, targets));
        assertThat(bits).isCloseTo(3.0, within(1e-12));
    }
}
