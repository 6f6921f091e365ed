package org.loralab.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class MlpTest {

    private static final MlpConfig CONFIG = new MlpConfig(5, List.of(4, 3), 2, Activation.TANH);

    @Test
    void modulesHaveStableNamesAndShapes() {
        Mlp mlp = Mlp.initialize(CONFIG, DataType.DOUBLE, 1);
        assertThat(mlp.modules().keySet()).containsExactly("layers.0", "layers.1", "head");
        assertThat(mlp.module("layers.1").inFeatures()).isEqualTo(4);
        assertThat(mlp.module("layers.1").outFeatures()).isEqualTo(3);
        assertThat(mlp.trainableParameterCount()).isEqualTo(5 * 4 + 4 + 4 * 3 + 3 + 3 * 2 + 2);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void everyGradientMatchesFiniteDifferences(Activation activation) {
        Mlp mlp = Mlp.initialize(new MlpConfig(5, List.of(4, 3), 2, activation), DataType.DOUBLE, 3);
        // inputs away from 0 keep ReLU's kink farther than the finite-difference step from every unit
        INDArray x = RandomArrays.normal(new SplittableRandom(4), 0, 1, DataType.DOUBLE, 3, 5);
        INDArray r = GradientCheck.weights(5, 3, 2);
        mlp.forward(x, true);
        mlp.backward(r);
        Supplier<Double> loss = () -> GradientCheck.objective(mlp.forward(x, true), r);
        for (Parameter p : mlp.trainableParameters()) {
            INDArray analytic = p.grad().dup();
            assertThat(GradientCheck.relativeError(analytic, GradientCheck.numerical(p.value(), loss)))
                    .as(p.name()).isLessThan(1e-6);
        }
    }

    @Test
    void sameSeedSameWeightsAndCopiesAreIndependent() {
        Mlp a = Mlp.initialize(CONFIG, DataType.DOUBLE, 9);
        Mlp b = Mlp.initialize(CONFIG, DataType.DOUBLE, 9);
        assertThat(a.weights()).isEqualTo(b.weights());
        Mlp copy = a.copy();
        copy.module("head").base().weight().value().addi(1.0);
        assertThat(a.weights().get("head")).isEqualTo(b.weights().get("head"));
    }
}
