package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SoftmaxRowsTest {
    private static final double[][] LOGITS = {{0.5, -1, 2}, {3, 3, -4}, {-2, 0, 1}};
    private static final int[] IDS = {2, 0, 1};

    /** Every gradient entry against (softmax - one-hot) / n written out from the definition; 1e-15 in double. */
    @Test
    void gradientIsSoftmaxMinusTargetOverRows() {
        INDArray logits = Nd4j.createFromArray(LOGITS);
        Loss.ValueAndGradient result = new SoftmaxRows(logits).meanAgainst(IDS);
        double loss = 0;
        for (int r = 0; r < 3; r++) {
            double z = 0;
            for (double v : LOGITS[r]) {
                z += Math.exp(v);
            }
            loss += (Math.log(z) - LOGITS[r][IDS[r]]) / 3;
            for (int j = 0; j < 3; j++) {
                double expected = (Math.exp(LOGITS[r][j]) / z - (j == IDS[r] ? 1 : 0)) / 3;
                assertThat(result.gradient().getDouble(r, j)).as("(%d, %d)", r, j).isCloseTo(expected, within(1e-15));
            }
        }
        assertThat(result.value()).isCloseTo(loss, within(1e-15));
    }

    /** Class ids and one-hot rows are two spellings of one target: the same bits. */
    @Test
    void classIdsAndOneHotRowsAgreeExactly() {
        INDArray logits = Nd4j.createFromArray(LOGITS).castTo(DataType.FLOAT);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 3, 3);
        for (int r = 0; r < 3; r++) {
            oneHot.putScalar(r, IDS[r], 1);
        }
        SoftmaxRows rows = new SoftmaxRows(logits);
        assertThat(rows.meanAgainst(IDS).value()).isEqualTo(rows.meanAgainst(oneHot).value());
        assertThat(rows.meanAgainst(IDS).gradient()).isEqualTo(rows.meanAgainst(oneHot).gradient());
        assertThat(rows.lossesAgainst(IDS)).containsExactly(rows.lossesAgainst(oneHot));
    }

    @Test
    void idsOutsideTheVocabularyAndWrongShapesAreRejected() {
        SoftmaxRows rows = new SoftmaxRows(Nd4j.createFromArray(LOGITS));
        assertThatThrownBy(() -> rows.meanAgainst(new int[] {0, 3, 1}))
                .hasMessage("target token 3 is outside the vocabulary of 3");
        assertThatThrownBy(() -> rows.meanAgainst(new int[] {0, 1})).hasMessage("2 target ids for 3 rows of logits");
        assertThatThrownBy(() -> rows.meanAgainst(Nd4j.zeros(2, 3))).hasMessage("targets must be (3, 3), got [2, 3]");
    }

    /** A float32 model's loss past float's range is infinite (a divergence), as in PyTorch, though computed in double. */
    @Test
    void aLossTooLargeForFloatIsInfinite() {
        INDArray logits = Nd4j.createFromArray(new float[][] {{-3e38f, 3e38f}});
        assertThat(new SoftmaxRows(logits).meanAgainst(new int[] {0}).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(new SoftmaxRows(logits.castTo(DataType.DOUBLE)).meanAgainst(new int[] {0}).value()).isCloseTo(6e38, within(1e31));
    }
}
