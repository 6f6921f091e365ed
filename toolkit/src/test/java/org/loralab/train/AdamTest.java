package org.loralab.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.loralab.nn.GradientCheck;
import org.loralab.nn.Parameter;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class AdamTest {

    @Test
    void firstStepMovesEachWeightByTheLearningRateAgainstTheGradientSign() {
        // closed form at t = 1: m = 0.1 g, v = 0.001 g^2, so the step is lr * g / (|g| + eps / sqrt(0.001))
        INDArray w = RandomArrays.normal(new SplittableRandom(1), 0, 1, DataType.DOUBLE, 3, 4);
        INDArray g = RandomArrays.normal(new SplittableRandom(2), 0, 1, DataType.DOUBLE, 3, 4);
        Parameter p = new Parameter("w", w.dup());
        p.grad().assign(g);
        new Adam(AdamConfig.adam(0.01), List.of(p)).step();
        INDArray expected = w.sub(g.div(org.nd4j.linalg.ops.transforms.Transforms.abs(g).add(1e-8 / Math.sqrt(0.001))).mul(0.01));
        // double arithmetic in a different order: agreement to about 1e-15 relative
        assertThat(GradientCheck.relativeError(p.value(), expected)).isLessThan(1e-13);
    }

    @ParameterizedTest
    @CsvSource({"0.0, false", "0.1, false", "0.1, true"})
    void matchesAPlainImplementationOverManySteps(double decay, boolean decoupled) {
        AdamConfig config = new AdamConfig(0.003, 0.9, 0.999, 1e-8, decay, decoupled);
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = new double[6];
        for (int i = 0; i < w.length; i++) {
            w[i] = RandomArrays.gaussian(rng);
        }
        Parameter p = new Parameter("w", org.nd4j.linalg.factory.Nd4j.create(w.clone(), new long[] {2, 3}, DataType.DOUBLE));
        Adam adam = new Adam(config, List.of(p));
        double[] m = new double[6];
        double[] v = new double[6];
        for (int t = 1; t <= 50; t++) {
            double[] g = new double[6];
            for (int i = 0; i < g.length; i++) {
                g[i] = RandomArrays.gaussian(rng);
            }
            p.grad().assign(org.nd4j.linalg.factory.Nd4j.create(g.clone(), new long[] {2, 3}, DataType.DOUBLE));
            adam.step();
            // the textbook algorithm (Kingma and Ba, Algorithm 1 in the efficient form of their Section 2;
            // Loshchilov and Hutter for the decoupled decay)
            for (int i = 0; i < 6; i++) {
                double gi = decoupled ? g[i] : g[i] + decay * w[i];
                if (decoupled) {
                    w[i] -= 0.003 * decay * w[i];
                }
                m[i] = 0.9 * m[i] + 0.1 * gi;
                v[i] = 0.999 * v[i] + 0.001 * gi * gi;
                double stepSize = 0.003 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                w[i] -= stepSize * m[i] / (Math.sqrt(v[i]) + 1e-8);
            }
        }
        INDArray expected = org.nd4j.linalg.factory.Nd4j.create(w, new long[] {2, 3}, DataType.DOUBLE);
        // 50 steps of double arithmetic in a different order: agreement to about 1e-14 relative
        assertThat(GradientCheck.relativeError(p.value(), expected)).isLessThan(1e-12);
        assertThat(adam.stateBytes()).isEqualTo(2L * 6 * 8);
    }
}
