package org.loralab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GeluTest {
    private static final double C = Math.sqrt(2 / Math.PI);

    /**
     * GELU (tanh form) and its derivative in double from Math.exp, with 1 + tanh(u) = 2e / (e + 1) and
     * 1 - tanh(u) = 2 / (e + 1), e = exp(2u), which keep their digits where tanh is near -1 or 1.
     */
    private static double[] exact(double x) {
        double e = Math.exp(2 * C * (x + 0.044715 * x * x * x));
        double onePlus = Double.isInfinite(e) ? 2 : 2 * e / (e + 1);
        double oneMinus = 2 / (e + 1);
        double first = 0.5 * onePlus;
        double second = 0.5 * x * onePlus * oneMinus * C * (1 + 3 * 0.044715 * x * x);
        return new double[] {0.5 * x * onePlus, first + second, Math.abs(first) + Math.abs(second)};
    }

    private static float[] inputs() {
        float[] x = new float[24_011];
        for (int i = 0; i < 24_001; i++) {
            x[i] = -12f + i * 0.001f;
        }
        float[] extremes = {-1e4f, -100f, -30f, -1e-30f, 0f, 1e-30f, 30f, 100f, 1e4f, -6.5f};
        System.arraycopy(extremes, 0, x, 24_001, extremes.length);
        return x;
    }

    /**
     * The float path (vectorized exp) against the definition in double, every 0.001 from -12 to 12 and at extremes:
     * relative error at most 3e-7 (1 + |2u|), u = c (x + 0.044715 x^3): float rounds u at 6e-8 of its size, which
     * exp turns into that much of 2u in relative error, and the exp itself is good to 2.6e-7 (measured worst: 5e-6 at
     * x = -8, where 2u = -50; PyTorch's float32 GELU has the same limit). The double path: 1e-14. Both
     * with an absolute floor of 1e-25, for values far below any gradient that matters (at x = -9.4 the slope is
     * -1e-30, which the double path computes as 1 + tanh = 0).
     */
    @Test
    void matchesTheDefinitionInFloatAndInDouble() {
        float[] xs = inputs();
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            Gelu gelu = new Gelu();
            INDArray x = Nd4j.createFromArray(xs).castTo(type);
            INDArray y = gelu.forward(x);
            INDArray slope = gelu.backward(Nd4j.ones(type, xs.length));
            for (int i = 0; i < xs.length; i++) {
                double xi = x.getDouble(i);
                double[] want = exact(xi);
                double tolerance = type == DataType.FLOAT
                        ? 3e-7 * (1 + Math.abs(2 * C * (xi + 0.044715 * xi * xi * xi))) : 1e-14;
                assertThat(Math.abs(y.getDouble(i) - want[0])).as("%s gelu(%s)", type, xs[i])
                        .isLessThanOrEqualTo(tolerance * Math.abs(want[0]) + 1e-25);
                assertThat(Math.abs(slope.getDouble(i) - want[1])).as("%s gelu'(%s)", type, xs[i])
                        .isLessThanOrEqualTo(tolerance * want[2] + 1e-25); // the sum's terms: it cancels near x = -0.75
            }
        }
    }
}
