package org.loralab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LinearTest {

    private final SplittableRandom rng = new SplittableRandom(11);

    @Test
    void forwardIsXWTransposePlusBias() {
        Linear layer = Linear.initialize(3, 2, DataType.DOUBLE, rng);
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 4, 3);
        INDArray y = layer.forward(x, false);
        for (int n = 0; n < 4; n++) {
            for (int o = 0; o < 2; o++) {
                double expected = layer.bias().value().getDouble(o);
                for (int i = 0; i < 3; i++) {
                    expected += x.getDouble(n, i) * layer.weight().value().getDouble(o, i);
                }
                assertThat(y.getDouble(n, o)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12));
            }
        }
    }

    @Test
    void gradientsMatchFiniteDifferences() {
        Linear layer = Linear.initialize(5, 4, DataType.DOUBLE, rng);
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 3, 5);
        INDArray r = GradientCheck.weights(1, 3, 4);
        layer.forward(x, true);
        INDArray dx = layer.backward(r, true);
        var loss = (java.util.function.Supplier<Double>) () -> GradientCheck.objective(layer.forward(x, true), r);
        assertThat(GradientCheck.relativeError(layer.weight().grad(), GradientCheck.numerical(layer.weight().value(), loss)))
                .isLessThan(1e-6);
        assertThat(GradientCheck.relativeError(layer.bias().grad(), GradientCheck.numerical(layer.bias().value(), loss)))
                .isLessThan(1e-6);
        assertThat(GradientCheck.relativeError(dx, GradientCheck.numerical(x, loss))).isLessThan(1e-6);
    }

    @Test
    void frozenLayerHasNoTrainableParametersAndWritesNoGradient() {
        Linear layer = Linear.initialize(3, 2, DataType.DOUBLE, rng);
        layer.setTrainable(false);
        layer.forward(RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 2, 3), true);
        layer.backward(GradientCheck.weights(2, 2, 2), false);
        assertThat(layer.trainableParameters()).isEmpty();
        assertThat(layer.weight().grad().sumNumber().doubleValue()).isZero();
    }

    @Test
    void copySharesNoArrays() {
        Linear layer = Linear.initialize(3, 2, DataType.DOUBLE, rng);
        Linear copy = layer.copy();
        copy.weight().value().addi(1.0);
        assertThat(layer.weight().value()).isNotEqualTo(copy.weight().value());
    }

    @Test
    void rejectsMismatchedShapes() {
        assertThatThrownBy(() -> new Linear(org.nd4j.linalg.factory.Nd4j.zeros(2, 3), org.nd4j.linalg.factory.Nd4j.zeros(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(out, in)");
    }
}
