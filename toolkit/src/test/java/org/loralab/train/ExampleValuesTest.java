package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Each loss's per-example values (what the bootstrap over test examples resamples): computed here from their
 * definitions in plain Java, and their mean equal to the loss (float64, so to 1e-12).
 */
class ExampleValuesTest {
    private static final SplittableRandom RNG = new SplittableRandom(5);

    private static double[][] random(int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = RNG.nextGaussian() * 3;
            }
        }
        return x;
    }

    private static INDArray array(double[][] x) {
        return Nd4j.create(x).castTo(DataType.DOUBLE);
    }

    private static double logSoftmaxAt(double[] logits, int k) {
        double max = Arrays.stream(logits).max().orElseThrow();
        double sum = Arrays.stream(logits).map(v -> Math.exp(v - max)).sum();
        return logits[k] - max - Math.log(sum);
    }

    @Test
    void meanSquaredErrorPerRowIsTheRowsMeanSquare() {
        double[][] p = random(7, 5);
        double[][] t = random(7, 5);
        double[] got = new MeanSquaredError().exampleValues(array(p), array(t));
        for (int i = 0; i < 7; i++) {
            double ss = 0;
            for (int j = 0; j < 5; j++) {
                ss += (p[i][j] - t[i][j]) * (p[i][j] - t[i][j]);
            }
            assertThat(got[i]).isCloseTo(ss / 5, within(1e-12));
        }
        assertThat(Arrays.stream(got).average().orElseThrow()).isCloseTo(new MeanSquaredError().value(array(p), array(t)),
                within(1e-12));
    }

    @Test
    void crossEntropyPerRowIsMinusTheLogProbabilityOfTheClass() {
        double[][] p = random(6, 4);
        double[][] t = new double[6][4];
        int[] classes = {0, 3, 2, 2, 1, 3};
        for (int i = 0; i < 6; i++) {
            t[i][classes[i]] = 1;
        }
        double[] got = new SoftmaxCrossEntropy().exampleValues(array(p), array(t));
        for (int i = 0; i < 6; i++) {
            assertThat(got[i]).isCloseTo(-logSoftmaxAt(p[i], classes[i]), within(1e-12));
        }
        assertThat(Arrays.stream(got).average().orElseThrow())
                .isCloseTo(new SoftmaxCrossEntropy().value(array(p), array(t)), within(1e-12));
        assertThat(SoftmaxCrossEntropy.correct(array(p), array(t))).containsOnly(0.0, 1.0).hasSize(6);
    }

    /** A sequence's value is its positions' mean: rows of logits ordered by sequence, then position. */
    @Test
    void nextTokenCrossEntropyPerSequenceIsItsPositionsMean() {
        int sequences = 3;
        int length = 4;
        int vocab = 5;
        double[][] logits = random(sequences * length, vocab);
        double[][] ids = new double[sequences][length];
        for (double[] row : ids) {
            for (int j = 0; j < length; j++) {
                row[j] = RNG.nextInt(vocab);
            }
        }
        INDArray targets = Nd4j.create(ids).castTo(DataType.INT32);
        double[] got = new NextTokenCrossEntropy().exampleValues(array(logits), targets);
        for (int s = 0; s < sequences; s++) {
            double sum = 0;
            for (int p = 0; p < length; p++) {
                sum -= logSoftmaxAt(logits[s * length + p], (int) ids[s][p]);
            }
            assertThat(got[s]).isCloseTo(sum / length, within(1e-12));
        }
        assertThat(Arrays.stream(got).average().orElseThrow())
                .isCloseTo(new NextTokenCrossEntropy().value(array(logits), targets), within(1e-12));
    }
}
