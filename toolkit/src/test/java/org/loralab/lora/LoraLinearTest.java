package org.loralab.lora;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.junit.jupiter.api.Test;
import org.loralab.linalg.MatrixBridge;
import org.loralab.linalg.Svd;
import org.loralab.nn.GradientCheck;
import org.loralab.nn.Linear;
import org.loralab.nn.RandomArrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class LoraLinearTest {
    private static final TargetModules ANY = TargetModules.regex(".*");
    private final SplittableRandom rng = new SplittableRandom(21);

    private LoraLinear layer(DataType dtype, int in, int out) {
        return new LoraLinear(Linear.initialize(in, out, dtype, rng));
    }

    @Test
    void kaimingInitStartsEqualToTheBase() {
        LoraLinear lora = layer(DataType.DOUBLE, 6, 5);
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 4, 6);
        INDArray before = lora.base().forward(x, false);
        LoraAdapter a = lora.addAdapter("a", LoraConfig.of(3, ANY), 1);
        assertThat(a.b().value().sumNumber().doubleValue()).isZero();
        assertThat(a.a().value().amaxNumber().doubleValue()).isLessThanOrEqualTo(1 / Math.sqrt(6)).isPositive();
        assertThat(lora.forward(x, false)).isEqualTo(before);
    }

    @Test
    void scalingIsAlphaOverRankOrOverItsRootWithRsLora() {
        LoraConfig c = new LoraConfig(16, 32, false, 0, InitScheme.KAIMING, ANY, null);
        assertThat(c.scaling()).isEqualTo(2.0);
        assertThat(new LoraConfig(16, 32, true, 0, InitScheme.KAIMING, ANY, null).scaling()).isEqualTo(8.0);
    }

    @Test
    void gradientsOfAAndBAndInputMatchFiniteDifferences() {
        LoraLinear lora = layer(DataType.DOUBLE, 6, 5);
        LoraAdapter ad = lora.addAdapter("a", new LoraConfig(3, 6, false, 0, InitScheme.GAUSSIAN, ANY, null), 2);
        ad.b().value().assign(RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 5, 3)); // B = 0 would hide dA
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 4, 6);
        INDArray r = GradientCheck.weights(3, 4, 5);
        lora.forward(x, true);
        INDArray dx = lora.backward(r, true);
        Supplier<Double> loss = () -> GradientCheck.objective(lora.forward(x, true), r);
        assertThat(GradientCheck.relativeError(ad.a().grad(), GradientCheck.numerical(ad.a().value(), loss))).isLessThan(1e-6);
        assertThat(GradientCheck.relativeError(ad.b().grad(), GradientCheck.numerical(ad.b().value(), loss))).isLessThan(1e-6);
        assertThat(GradientCheck.relativeError(dx, GradientCheck.numerical(x, loss))).isLessThan(1e-6);
        assertThat(lora.trainableParameters()).containsExactly(ad.a(), ad.b());
        assertThat(lora.base().weight().grad().sumNumber().doubleValue()).as("the frozen base never gets dW").isZero();
    }

    @Test
    void dropoutMasksTheAdapterInputOnlyWhileTraining() {
        LoraLinear lora = layer(DataType.DOUBLE, 50, 4);
        LoraAdapter ad = lora.addAdapter("a", LoraConfig.of(2, ANY).withDropout(0.5), 3);
        ad.b().value().assign(RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 4, 2));
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 8, 50);
        assertThat(lora.forward(x, false)).isEqualTo(lora.forward(x, false));
        assertThat(lora.forward(x, true)).isNotEqualTo(lora.forward(x, false));
        INDArray mask = ad.dropoutMask(1000, 50, DataType.DOUBLE);
        double zeros = mask.eq(0.0).castTo(DataType.DOUBLE).sumNumber().doubleValue();
        assertThat(zeros / mask.length()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(mask.maxNumber().doubleValue()).isEqualTo(2.0);
    }

    /**
     * Backward through dropout, checked by finite differences with the mask held fixed: each evaluation builds the
     * layer afresh from the same base and seed, so its first training forward draws the same mask.
     */
    @Test
    void gradientsThroughDropoutMatchFiniteDifferencesWithAFixedMask() {
        Linear base = Linear.initialize(7, 5, DataType.DOUBLE, rng);
        LoraConfig config = new LoraConfig(3, 5, false, 0.4, InitScheme.GAUSSIAN, ANY, null);
        INDArray a = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 3, 7);
        INDArray b = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 5, 3);
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 6, 7);
        INDArray r = GradientCheck.weights(4, 6, 5);
        Supplier<LoraLinear> fresh = () -> {
            LoraLinear layer = new LoraLinear(base.copy());
            LoraAdapter ad = layer.addAdapter("a", config, 9);
            ad.a().value().assign(a);
            ad.b().value().assign(b);
            return layer;
        };
        LoraLinear lora = fresh.get();
        lora.forward(x, true);
        INDArray dx = lora.backward(r, true);
        LoraAdapter ad = lora.adapter("a");
        Supplier<Double> loss = () -> GradientCheck.objective(fresh.get().forward(x, true), r);
        assertThat(GradientCheck.relativeError(ad.a().grad(), GradientCheck.numerical(a, loss))).isLessThan(1e-6);
        assertThat(GradientCheck.relativeError(ad.b().grad(), GradientCheck.numerical(b, loss))).isLessThan(1e-6);
        assertThat(GradientCheck.relativeError(dx, GradientCheck.numerical(x, loss))).isLessThan(1e-6);
        // the mask did something: without it the input gradient differs
        LoraLinear undropped = new LoraLinear(base.copy());
        LoraAdapter plain = undropped.addAdapter("a", config.withDropout(0), 9);
        plain.a().value().assign(a);
        plain.b().value().assign(b);
        undropped.forward(x, true);
        assertThat(GradientCheck.relativeError(undropped.backward(r, true), dx)).isGreaterThan(1e-3);
    }

    /** The lora_linear case's inputs: the layer's tensors, the input x and dL/dy. */
    private static java.util.Map<String, INDArray> oracleInputs(LoraLinear lora, LoraAdapter ad, INDArray x, INDArray dy) {
        java.util.Map<String, INDArray> inputs = new java.util.LinkedHashMap<>();
        inputs.put("x", x);
        inputs.put("weight", lora.base().weight().value());
        inputs.put("bias", lora.base().bias().value());
        inputs.put("lora_A", ad.a().value());
        inputs.put("lora_B", ad.b().value());
        inputs.put("grad_output", dy);
        return inputs;
    }

    /**
     * The oracle takes the declared hyperparameters, not the layer's scaling: a layer whose scaling rule is wrong
     * (here rsLoRA's alpha / sqrt(r) where plain alpha / r was declared, a one-word bug in a config) disagrees with it
     * far beyond the tolerance, so the comparison below can catch such a bug.
     */
    @Test
    void theOracleCatchesAScalingRuleTheLayerGotWrong() {
        LoraLinear lora = layer(DataType.DOUBLE, 24, 18);
        LoraAdapter ad = lora.addAdapter("a", new LoraConfig(4, 6, true, 0, InitScheme.KAIMING, ANY, null), 5);
        ad.b().value().assign(RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 18, 4));
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 10, 24);
        java.util.Map<String, INDArray> inputs = oracleInputs(lora, ad, x, RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 10, 18));
        java.util.Map<String, INDArray> torch = org.loralab.testing.TorchOracle.run("lora_linear", java.util.Map.of("lora",
                org.loralab.testing.TorchOracle.lora(4, 6, false, java.util.List.of(), java.util.List.of())), inputs);
        double error = org.loralab.testing.TorchOracle.relativeError(lora.forward(x, true), torch.get("output"), 0);
        System.out.printf("torch oracle: a layer with the wrong scaling rule is off by %.2e (tolerance 1e-10)%n", error);
        assertThat(error).isGreaterThan(1e-3);
    }

    /**
     * Against PEFT's layer written in PyTorch (test resource {@code torch_oracle.py}), float64 from the same weights:
     * output, dL/dx, dL/dA, dL/dB and the merged weight, with rsLoRA's scaling alpha / sqrt(r) (alpha != r).
     */
    @Test
    void matchesPyTorch() {
        LoraLinear lora = layer(DataType.DOUBLE, 24, 18);
        LoraConfig config = new LoraConfig(4, 6, true, 0, InitScheme.KAIMING, ANY, null);
        LoraAdapter ad = lora.addAdapter("a", config, 5);
        ad.b().value().assign(RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 18, 4));
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 10, 24);
        INDArray dy = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 10, 18);
        java.util.Map<String, INDArray> inputs = oracleInputs(lora, ad, x, dy);
        java.util.Map<String, INDArray> torch = org.loralab.testing.TorchOracle.run("lora_linear",
                java.util.Map.of("lora", org.loralab.testing.TorchOracle.lora(4, 6, true, java.util.List.of(), java.util.List.of())),
                inputs); // declared r = 4, alpha = 6, rsLoRA: the oracle's scaling is 6 / sqrt(4) by PEFT's rule
        INDArray y = lora.forward(x, true).dup();
        INDArray dx = lora.backward(dy, true);
        org.loralab.testing.TorchOracle.assertClose("LoRA linear: output", y, torch.get("output"), 1e-10);
        org.loralab.testing.TorchOracle.assertClose("LoRA linear: grad input", dx, torch.get("grad_input"), 1e-10);
        org.loralab.testing.TorchOracle.assertClose("LoRA linear: grad A", ad.a().grad(), torch.get("grad_lora_A"), 1e-10);
        org.loralab.testing.TorchOracle.assertClose("LoRA linear: grad B", ad.b().grad(), torch.get("grad_lora_B"), 1e-10);
        org.loralab.testing.TorchOracle.assertClose("LoRA linear: merged weight", lora.effectiveWeight(),
                torch.get("merged_weight"), 1e-10);
    }

    @Test
    void mergeThenUnmergeRestoresWAndMergedOutputsMatch() {
        LoraLinear lora = layer(DataType.FLOAT, 64, 48);
        LoraAdapter ad = lora.addAdapter("a", LoraConfig.of(8, ANY).withAlpha(16), 4);
        ad.b().value().assign(RandomArrays.normal(rng, 0, 0.1, DataType.FLOAT, 48, 8));
        INDArray w = lora.base().weight().value().dup();
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.FLOAT, 10, 64);
        INDArray unmerged = lora.forward(x, false).dup();
        lora.merge();
        INDArray merged = lora.forward(x, false).dup();
        // float32: outputs are sums of 64 products of size ~0.1-1, so rounding differences stay near 1e-6
        assertThat(merged.sub(unmerged).amaxNumber().doubleValue()).isLessThan(1e-5);
        lora.unmerge();
        // two roundings to float: |W - W0| <= 2 ulp(|W| + |dW|), below 1e-6 at these magnitudes
        assertThat(lora.base().weight().value().sub(w).amaxNumber().doubleValue()).isLessThan(1e-6);
        assertThat(lora.forward(x, false).sub(unmerged).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void mergedLayerRefusesToTrainOrSwitch() {
        LoraLinear lora = layer(DataType.DOUBLE, 4, 4);
        lora.addAdapter("a", LoraConfig.of(2, ANY), 1);
        lora.addAdapter("b", LoraConfig.of(2, ANY), 2);
        lora.merge();
        assertThatThrownBy(() -> lora.setActive("a")).isInstanceOf(IllegalStateException.class).hasMessageContaining("unmerge");
        assertThatThrownBy(lora::merge).isInstanceOf(IllegalStateException.class);
        assertThat(lora.trainableParameters()).isEmpty();
    }

    /**
     * A merged layer's output is the base layer's with W + s B A, so its backward pass is the base's alone (no adapter
     * gradient); a copy is an independent layer with the same adapters, active adapter and merged state, and its
     * effective weight is W + s B A computed here from the declared alpha / r.
     */
    @Test
    void copiesAreIndependentAndAMergedLayerBackpropagatesThroughItsBaseOnly() {
        LoraLinear lora = layer(DataType.DOUBLE, 5, 4);
        LoraAdapter ad = lora.addAdapter("a", LoraConfig.of(2, ANY).withAlpha(6), 1);
        ad.b().value().assign(RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 4, 2));
        INDArray expectedW = lora.base().weight().value().add(ad.b().value().mmul(ad.a().value()).mul(6.0 / 2));
        assertThat(GradientCheck.relativeError(lora.effectiveWeight(), expectedW)).isLessThan(1e-15);
        LoraLinear copy = lora.copy();
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 3, 5);
        assertThat(copy.forward(x, false)).isEqualTo(lora.forward(x, false));
        assertThat(copy.activeAdapter()).isEqualTo("a");
        copy.adapter("a").b().value().assign(0);
        assertThat(ad.b().value().amaxNumber().doubleValue()).isPositive(); // the copy's weights are its own

        assertThat(lora.isMerged()).isFalse();
        lora.merge();
        assertThat(lora.isMerged()).isTrue();
        assertThat(lora.copy().isMerged()).isTrue();
        assertThat(GradientCheck.relativeError(lora.effectiveWeight(), expectedW)).isLessThan(1e-15);
        INDArray dy = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 3, 4);
        lora.forward(x, true);
        INDArray dx = lora.backward(dy, true);
        assertThat(GradientCheck.relativeError(dx, dy.mmul(expectedW))).isLessThan(1e-14);
        assertThat(ad.a().grad().amaxNumber().doubleValue()).isZero();
    }

    /** A rank equal to min(out, in) fits; the config's rank changes alone. */
    @Test
    void fullRankFitsAndWithRankKeepsTheRest() {
        LoraLinear lora = layer(DataType.DOUBLE, 6, 5);
        assertThat(lora.addAdapter("a", LoraConfig.of(5, ANY), 1).a().value().rows()).isEqualTo(5);
        LoraConfig config = LoraConfig.of(2, ANY).withAlpha(6).withDropout(0.1);
        assertThat(config.withRank(3)).isEqualTo(LoraConfig.of(3, ANY).withAlpha(6).withDropout(0.1));
    }

    @Test
    void severalNamedAdaptersOnOneBase() {
        LoraLinear lora = layer(DataType.DOUBLE, 6, 5);
        LoraAdapter a = lora.addAdapter("a", LoraConfig.of(2, ANY), 1);
        LoraAdapter b = lora.addAdapter("b", LoraConfig.of(3, ANY), 2);
        a.b().value().assign(1.0);
        b.b().value().assign(-1.0);
        INDArray x = RandomArrays.normal(rng, 0, 1, DataType.DOUBLE, 2, 6);
        assertThat(lora.activeAdapter()).isEqualTo("b");
        assertThat(lora.trainableParameters()).containsExactly(b.a(), b.b());
        INDArray withB = lora.forward(x, false).dup();
        lora.setActive("a");
        INDArray withA = lora.forward(x, false).dup();
        assertThat(withA).isNotEqualTo(withB);
        INDArray expectedA = lora.base().forward(x, false).add(x.mmul(a.a().value().transpose()).mmul(a.b().value().transpose()));
        assertThat(GradientCheck.relativeError(withA, expectedA)).isLessThan(1e-14);
        lora.removeAdapter("a");
        assertThat(lora.adapterNames()).containsExactly("b");
        assertThat(lora.activeAdapter()).isNull();
        assertThat(lora.forward(x, false)).isEqualTo(lora.base().forward(x, false));
        assertThatThrownBy(() -> lora.addAdapter("b", LoraConfig.of(1, ANY), 3)).hasMessageContaining("already exists");
        assertThatThrownBy(() -> lora.setActive("zzz")).hasMessageContaining("no adapter named 'zzz'");
    }

    @Test
    void parameterCountIsRTimesInPlusOut() {
        LoraLinear lora = layer(DataType.FLOAT, 300, 700);
        LoraAdapter a = lora.addAdapter("a", LoraConfig.of(8, ANY), 1);
        assertThat(a.parameterCount()).isEqualTo(8L * (300 + 700));
    }

    @Test
    void rankMustFitTheWeight() {
        LoraLinear lora = layer(DataType.FLOAT, 6, 5);
        assertThatThrownBy(() -> lora.addAdapter("a", LoraConfig.of(6, ANY), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min(out, in) = 5");
        assertThatThrownBy(() -> LoraConfig.of(0, ANY)).hasMessageContaining("rank must be >= 1, got 0");
    }

    @Test
    void pissaSplitsWIntoItsBestRankRPartAndAResidual() {
        LoraLinear lora = layer(DataType.DOUBLE, 7, 6);
        INDArray w = lora.base().weight().value().dup();
        LoraAdapter ad = lora.addAdapter("p", LoraConfig.of(2, ANY).withAlpha(4).withInit(InitScheme.PISSA), 1);
        // the adapted layer still applies W ...
        assertThat(GradientCheck.relativeError(lora.effectiveWeight(), w)).isLessThan(1e-14);
        // ... and scaling B A is the best rank-2 approximation of W (Eckart-Young, via an independent SVD)
        DMatrixRMaj best = Svd.of(MatrixBridge.toEjml(w)).truncate(2);
        DMatrixRMaj delta = MatrixBridge.toEjml(ad.deltaWeight());
        CommonOps_DDRM.subtractEquals(delta, best);
        assertThat(NormOps_DDRM.normF(delta) / NormOps_DDRM.normF(best)).isLessThan(1e-12);
        lora.removeAdapter("p");
        assertThat(GradientCheck.relativeError(lora.base().weight().value(), w)).isLessThan(1e-14);
    }
}
