package org.loralab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ActivationTest {

    /** Every 0.0005 from -12 to 12, and values at the ends of float's range. */
    private static float[] inputs() {
        float[] x = new float[48_011];
        for (int i = 0; i < 48_001; i++) {
            x[i] = -12f + i * 0.0005f;
        }
        float[] extremes = {-1e30f, -100f, -44f, -1e-30f, 0f, 1e-30f, 41f, 100f, 1e30f, 0.25f};
        System.arraycopy(extremes, 0, x, 48_001, extremes.length);
        return x;
    }

    /**
     * tanh against Math.tanh in double. Float: relative error at most 1e-6 (the exp form's absolute error, at most
     * about 3e-7, where |tanh x| >= 0.245; the series below 1/4 is good to float's own rounding; measured worst
     * 4.9e-7); double: 1e-15 relative plus 5e-16 absolute (one exp; 1 - 2 / (e + 1) rounds in units of 1 near 0).
     */
    @Test
    void tanhMatchesMathTanhInFloatAndInDouble() {
        float[] xs = inputs();
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.createFromArray(xs).castTo(type);
            INDArray y = Activation.TANH.apply(x.dup());
            double worst = 0;
            for (int i = 0; i < xs.length; i++) {
                double want = Math.tanh(x.getDouble(i));
                double error = Math.abs(y.getDouble(i) - want);
                double tolerance = type == DataType.FLOAT ? 1e-6 * Math.abs(want) : 1e-15 * Math.abs(want) + 5e-16;
                assertThat(error).as("%s tanh(%s)", type, xs[i]).isLessThanOrEqualTo(tolerance);
                if (want != 0) {
                    worst = Math.max(worst, error / Math.abs(want));
                }
            }
            if (type == DataType.FLOAT) {
                System.out.printf("tanh float: worst relative error %.2e%n", worst);
            }
        }
    }

    @Test
    void tanhIsExactAtZeroSaturatesAndKeepsNaN() {
        INDArray y = Activation.TANH.apply(Nd4j.createFromArray(0f, -0f, 200f, -200f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY));
        assertThat(y.toFloatVector()).containsExactly(0f, -0f, 1f, -1f, Float.NaN, 1f, -1f);
        assertThat(Float.floatToRawIntBits(y.getFloat(1))).isEqualTo(Float.floatToRawIntBits(-0f));
    }

    /** The slope 1 - tanh^2 times the incoming gradient, in float for float storage, against double. */
    @Test
    void tanhBackwardIsTheSlopeTimesTheGradient() {
        float[] xs = new float[601];
        float[] gs = new float[601];
        for (int i = 0; i < 601; i++) {
            xs[i] = -3f + i * 0.01f;
            gs[i] = 2f - i * 0.005f;
        }
        INDArray a = Activation.TANH.apply(Nd4j.createFromArray(xs));
        INDArray g = Nd4j.createFromArray(gs);
        INDArray dz = Activation.TANH.backward(a, g);
        for (int i = 0; i < 601; i++) {
            double ai = a.getDouble(i);
            assertThat(dz.getDouble(i)).isCloseTo(g.getDouble(i) * (1 - ai * ai),
                    org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(g.getDouble(0)).isEqualTo(2.0); // the gradient is not modified
    }
}
