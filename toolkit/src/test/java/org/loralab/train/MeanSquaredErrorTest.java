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

    /**
     * Float32 storage, computed in float as torch does (d = p - t and 2d / N rounded to float, the squares summed in
     * double), over several row blocks with an odd element count: the value within 3e-7 relative of the definition in
     * double (d's rounding, 6e-8 each, doubled by the square), every gradient element within 2.5e-7 relative (two
     * float roundings).
     */
    @Test
    void float32ValueAndGradientMatchTheDefinition() {
        SplittableRandom rng = new SplittableRandom(2);
        INDArray p = RandomArrays.normal(rng, 0, 1, DataType.FLOAT, 301, 101);
        INDArray t = RandomArrays.normal(rng, 0, 1, DataType.FLOAT, 301, 101);
        Loss.ValueAndGradient result = new MeanSquaredError().valueAndGradient(p, t);
        double[] pv = p.data().asDouble();
        double[] tv = t.data().asDouble();
        double[] gv = result.gradient().data().asDouble();
        double expected = 0;
        for (int i = 0; i < pv.length; i++) {
            double d = pv[i] - tv[i];
            expected += d * d / pv.length;
            assertThat(gv[i]).isCloseTo(2 * d / pv.length, org.assertj.core.data.Offset.offset(2.5e-7 * Math.abs(2 * d / pv.length)));
        }
        assertThat(result.value()).isCloseTo(expected, org.assertj.core.data.Offset.offset(3e-7 * expected));
    }
}
