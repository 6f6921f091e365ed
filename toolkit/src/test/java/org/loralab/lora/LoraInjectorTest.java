package org.loralab.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.loralab.nn.Activation;
import org.loralab.nn.Linear;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.nd4j.linalg.api.buffer.DataType;

class LoraInjectorTest {
    private static final MlpConfig CONFIG = new MlpConfig(8, List.of(16, 12), 4, Activation.TANH);

    private static Mlp model() {
        return Mlp.initialize(CONFIG, DataType.FLOAT, 1);
    }

    /**
     * Two adapters on the same modules, trained one after the other: after a switch the optimizer sees only the
     * active adapter's factors, training moves only them, the other adapter and the base stay as they were, and the
     * gradients still match finite differences (the forward cache follows the active adapter).
     */
    @Test
    void trainingAfterSwitchingAdaptersMovesOnlyTheActiveOne() {
        Mlp mlp = Mlp.initialize(CONFIG, DataType.DOUBLE, 3);
        TargetModules targets = TargetModules.names("layers.0", "layers.1");
        LoraInjector.inject(mlp, "first", LoraConfig.of(2, targets), 4);
        LoraInjector.inject(mlp, "second", LoraConfig.of(3, targets).withAlpha(6), 5);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(6);
        org.loralab.data.Dataset data = new org.loralab.data.Dataset(
                org.loralab.nn.RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 32, 8),
                org.loralab.testing.TorchOracle.oneHot(rng, 32, 4));
        var loss = new org.loralab.train.SoftmaxCrossEntropy();
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> base = snapshot(mlp.state());

        var firstBefore = factors(mlp, "first");
        var secondBefore = factors(mlp, "second");
        train(mlp, data, loss); // "second" is active: the last one added
        var secondTrained = factors(mlp, "second");
        assertThat(secondTrained).isNotEqualTo(secondBefore);
        assertThat(factors(mlp, "first")).isEqualTo(firstBefore);

        for (String m : List.of("layers.0", "layers.1")) {
            ((LoraLinear) mlp.module(m)).setActive("first");
        }
        assertThat(mlp.trainableParameterCount()).isEqualTo(2 * (8 + 16) + 2 * (16 + 12));
        double before = org.loralab.train.Trainer.evaluate(mlp, data, loss);
        train(mlp, data, loss);
        assertThat(org.loralab.train.Trainer.evaluate(mlp, data, loss)).isLessThan(before);
        assertThat(factors(mlp, "first")).isNotEqualTo(firstBefore);
        assertThat(factors(mlp, "second")).as("the inactive adapter is untouched").isEqualTo(secondTrained);
        assertThat(snapshot(mlp.state())).as("the base is untouched").isEqualTo(base);

        // gradients of the active adapter against finite differences, in the switched model
        org.nd4j.linalg.api.ndarray.INDArray r = org.loralab.nn.GradientCheck.weights(7, 32, 4);
        mlp.forward(data.inputs(), true);
        mlp.backward(r);
        java.util.function.Supplier<Double> objective =
                () -> org.loralab.nn.GradientCheck.objective(mlp.forward(data.inputs(), true), r);
        for (org.loralab.nn.Parameter p : mlp.trainableParameters()) {
            org.nd4j.linalg.api.ndarray.INDArray analytic = p.grad().dup();
            assertThat(org.loralab.nn.GradientCheck.relativeError(analytic,
                    org.loralab.nn.GradientCheck.numerical(p.value(), objective))).as(p.toString()).isLessThan(1e-6);
        }
    }

    private static void train(Mlp mlp, org.loralab.data.Dataset data, org.loralab.train.Loss loss) {
        var adam = new org.loralab.train.Adam(org.loralab.train.AdamConfig.adam(0.01), mlp.trainableParameters());
        for (int step = 0; step < 20; step++) {
            org.loralab.train.Trainer.step(mlp, data, loss, adam, 0.01);
        }
    }

    /** Copies of the named adapter's factors on every LoRA module. */
    private static java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> factors(Mlp mlp, String name) {
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> f = new java.util.LinkedHashMap<>();
        mlp.modules().forEach((m, layer) -> {
            if (layer instanceof LoraLinear lora) {
                f.put(m + ".A", lora.adapter(name).a().value().dup());
                f.put(m + ".B", lora.adapter(name).b().value().dup());
            }
        });
        return f;
    }

    private static java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> snapshot(
            java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> state) {
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> copy = new java.util.LinkedHashMap<>();
        state.forEach((k, v) -> copy.put(k, v.dup()));
        return copy;
    }

    @Test
    void targetsByNameFreezeTheRest() {
        Mlp m = model();
        List<String> adapted = LoraInjector.inject(m, "default", LoraConfig.of(2, TargetModules.names("layers.0", "layers.1")), 1);
        assertThat(adapted).containsExactly("layers.0", "layers.1");
        assertThat(m.module("layers.0")).isInstanceOf(LoraLinear.class);
        assertThat(m.module("head")).isInstanceOf(Linear.class);
        assertThat(m.trainableParameterCount()).isEqualTo(2L * (8 + 16) + 2L * (16 + 12));
    }

    @Test
    void targetsByRegexAndBySuffixAsPeftDoes() {
        TargetModules regex = TargetModules.regex("layers\\.\\d+");
        assertThat(regex.matches("layers.1")).isTrue();
        assertThat(regex.matches("head")).isFalse();
        TargetModules suffix = TargetModules.names("1");
        assertThat(suffix.matches("layers.1")).isTrue();
        assertThat(suffix.matches("layers.11")).isFalse();
        Mlp m = model();
        assertThat(LoraInjector.inject(m, "x", LoraConfig.of(1, regex), 1)).containsExactly("layers.0", "layers.1");
    }

    @Test
    void modulesToSaveTrainInFull() {
        Mlp m = model();
        LoraInjector.inject(m, "x", LoraConfig.of(2, TargetModules.names("layers.0")).withModulesToSave(List.of("head")), 1);
        assertThat(m.module("head").trainableParameters()).hasSize(2);
        assertThat(m.module("layers.1").trainableParameters()).isEmpty();
        assertThat(m.trainableParameterCount()).isEqualTo(2L * (8 + 16) + 12 * 4 + 4);
    }

    @Test
    void clearErrorsWhenNothingMatchesOrTheRankIsTooLarge() {
        assertThatThrownBy(() -> LoraInjector.inject(model(), "x", LoraConfig.of(2, TargetModules.names("q_proj")), 1))
                .hasMessageContaining("matched no module").hasMessageContaining("layers.0");
        Mlp m = model();
        assertThatThrownBy(() -> LoraInjector.inject(m, "x", LoraConfig.of(5, TargetModules.regex(".*")), 1))
                .hasMessageContaining("module 'head'").hasMessageContaining("min(out, in) = 4");
        assertThat(m.module("layers.0")).as("nothing changed").isInstanceOf(Linear.class);
        LoraInjector.inject(m, "x", LoraConfig.of(4, TargetModules.regex(".*")), 1); // rank = min(out, in) of head fits
        assertThat(m.module("head")).isInstanceOf(LoraLinear.class);
        assertThatThrownBy(() -> LoraInjector.inject(model(), "x",
                LoraConfig.of(2, TargetModules.names("layers.0")).withModulesToSave(List.of("nope")), 1))
                .hasMessageContaining("modules_to_save names 'nope'");
        assertThatThrownBy(() -> LoraConfig.of(2, TargetModules.names("head")).withModulesToSave(List.of("head")))
                .hasMessageContaining("both a target and in modules_to_save");
    }
}
