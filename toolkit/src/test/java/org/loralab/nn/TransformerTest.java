package org.loralab.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.TargetModules;
import org.loralab.testing.NamedParameters;
import org.loralab.testing.TorchOracle;
import org.loralab.train.Loss;
import org.loralab.train.NextTokenCrossEntropy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TransformerTest {
    private static final TransformerConfig CONFIG = new TransformerConfig(7, 6, 8, 2, 2, 12);

    /** A model whose every base tensor is drawn at a scale where attention and GELU are far from linear. */
    private static Transformer model(long seed) {
        return model(seed, DataType.DOUBLE);
    }

    private static Transformer model(long seed, DataType type) {
        Transformer t = Transformer.initialize(CONFIG, type, seed);
        SplittableRandom rng = new SplittableRandom(seed + 100);
        t.state().forEach((name, value) -> {
            INDArray noise = RandomArrays.normal(rng, 0, 0.5, type, value.shape());
            value.assign(name.contains("layernorm") || name.startsWith("norm") ? noise.addi(1) : noise);
        });
        return t;
    }

    private static INDArray tokens(long seed, int sequences, int length) {
        SplittableRandom rng = new SplittableRandom(seed);
        INDArray ids = Nd4j.zeros(DataType.DOUBLE, sequences, length);
        for (int i = 0; i < sequences; i++) {
            for (int j = 0; j < length; j++) {
                ids.putScalar(i, j, rng.nextInt(CONFIG.vocabSize()));
            }
        }
        return ids;
    }

    @Test
    void modulesCarryHuggingFaceNames() {
        Transformer t = Transformer.initialize(CONFIG, DataType.FLOAT, 1);
        assertThat(t.modules().keySet()).containsExactly(
                "layers.0.self_attn.q_proj", "layers.0.self_attn.k_proj", "layers.0.self_attn.v_proj",
                "layers.0.self_attn.o_proj", "layers.0.mlp.fc1", "layers.0.mlp.fc2",
                "layers.1.self_attn.q_proj", "layers.1.self_attn.k_proj", "layers.1.self_attn.v_proj",
                "layers.1.self_attn.o_proj", "layers.1.mlp.fc1", "layers.1.mlp.fc2", "lm_head");
        assertThat(t.module("layers.1.mlp.fc1").outFeatures()).isEqualTo(12);
        assertThat(t.module("lm_head").outFeatures()).isEqualTo(7);
        long perBlock = 4 * (8 * 8 + 8) + (12 * 8 + 12) + (8 * 12 + 8) + 2 * 2 * 8;
        assertThat(t.trainableParameterCount()).isEqualTo(7 * 8 + 6 * 8 + 2 * perBlock + 2 * 8 + 7 * 8 + 7);
    }

    @Test
    void everyGradientMatchesFiniteDifferences() {
        Transformer t = model(3);
        // a bias of k_proj shifts every score of a query by the same amount, which softmax ignores: its gradient is 0
        assertThat(assertGradientsMatch(t, t.trainableParameters())).isEqualTo(CONFIG.layers());
    }

    @Test
    void adapterGradientsMatchFiniteDifferences() {
        Transformer t = model(4);
        LoraInjector.inject(t, "default", LoraConfig.of(2, TargetModules.names("q_proj", "v_proj", "fc1")), 5);
        // B starts at 0, where dL/dA vanishes; a random B checks both factors
        SplittableRandom rng = new SplittableRandom(6);
        for (Parameter p : t.trainableParameters()) {
            p.value().assign(RandomArrays.normal(rng, 0, 0.5, DataType.DOUBLE, p.value().shape()));
        }
        assertThat(t.trainableParameters()).hasSize(2 * 3 * 2);
        assertThat(assertGradientsMatch(t, t.trainableParameters())).isZero();
    }

    /**
     * Checks every parameter; returns how many have a zero gradient: analytic below 1e-9 and numerical below 1e-6, the
     * rounding noise of central differences (about eps |L| / h = 1e-8 per entry).
     */
    private static int assertGradientsMatch(Transformer t, List<Parameter> params) {
        INDArray x = tokens(7, 3, 5); // repeated tokens check the embedding's scatter-add
        INDArray r = GradientCheck.weights(8, 3 * 5, CONFIG.vocabSize());
        t.forward(x, true);
        t.backward(r);
        Supplier<Double> loss = () -> GradientCheck.objective(t.forward(x, true), r);
        int zero = 0;
        for (Parameter p : params) {
            INDArray analytic = p.grad().dup();
            INDArray numeric = GradientCheck.numerical(p.value(), loss);
            if (analytic.norm2Number().doubleValue() < 1e-9 && numeric.norm2Number().doubleValue() < 1e-6) {
                zero++;
            } else {
                assertThat(GradientCheck.relativeError(analytic, numeric)).as(p.toString()).isLessThan(1e-6);
            }
        }
        return zero;
    }

    /**
     * Against a PyTorch model written from the same definition (test resource {@code torch_oracle.py}): logits of
     * every position, the loss, and the gradient of every trainable tensor, in float64 from the same weights. The two
     * compute the same sums in different orders, so they agree to a few hundred ulps (asked: 1e-10 relative).
     */
    @Test
    void matchesPyTorchInFullFineTuning() {
        Transformer t = model(13);
        assertMatchesTorch(t, null, "full fine-tuning");
    }

    @Test
    void matchesPyTorchWithLoraOnEveryModuleType() {
        Transformer t = model(14);
        assertMatchesTorch(t, withRandomAdapters(t, DataType.DOUBLE), "LoRA on q, k, v, o, fc1, fc2, lm_head");
    }

    /**
     * The same two cases with float32 weights on both sides (the experiments' precision): PyTorch computes in float32
     * too, so both round at every operation, in different orders. Measured worst relative errors: logits 2.2e-7, loss
     * 1.0e-7, gradients 6.9e-6 (of each tensor's largest entry; for k_proj's bias, zero in exact arithmetic, of 1% of
     * the model's largest gradient entry); asked: 5e-5, seven times the worst, where a wrong formula errs by 1e-2 or
     * more.
     */
    @Test
    void matchesPyTorchInFloat32() {
        assertMatchesTorch(model(13, DataType.FLOAT), null, "float32 full fine-tuning", FLOAT32_TOLERANCE);
        Transformer lora = model(14, DataType.FLOAT);
        assertMatchesTorch(lora, withRandomAdapters(lora, DataType.FLOAT), "float32 LoRA on every module",
                FLOAT32_TOLERANCE);
    }

    private static final double FLOAT32_TOLERANCE = 5e-5;

    /** Every linear module of the transformer, by PEFT's suffix rule. */
    private static final List<String> EVERY_LINEAR = List.of("q_proj", "k_proj", "v_proj", "o_proj", "fc1", "fc2", "lm_head");

    /**
     * LoRA (r = 2, alpha = 3) on every linear module, both factors random; returns the LoRA settings as declared, for
     * the oracle. alpha != r and the oracle computes the scaling itself, so a scaling mix-up (alpha / r against
     * alpha / sqrt(r) or 1) shows.
     */
    static Map<String, Object> withRandomAdapters(Transformer t, DataType type) {
        LoraConfig config = LoraConfig.of(2, TargetModules.names(EVERY_LINEAR)).withAlpha(3);
        LoraInjector.inject(t, "default", config, 15);
        SplittableRandom rng = new SplittableRandom(16);
        for (Parameter p : t.trainableParameters()) { // B starts at 0: random factors exercise both
            p.value().assign(RandomArrays.normal(rng, 0, 0.5, type, p.value().shape()));
        }
        assertThat(NamedParameters.trainable(t)).hasSize(2 * t.modules().size());
        return TorchOracle.lora(2, 3, false, EVERY_LINEAR, List.of());
    }

    private static void assertMatchesTorch(Transformer t, Map<String, Object> lora, String what) {
        assertMatchesTorch(t, lora, what, 1e-10);
    }

    /** @param lora LoRA as declared ({@link TorchOracle#lora}); null for full fine-tuning */
    private static void assertMatchesTorch(Transformer t, Map<String, Object> lora, String what, double tolerance) {
        INDArray ids = tokens(17, 3, CONFIG.contextLength());
        INDArray targets = tokens(18, 3, CONFIG.contextLength());
        INDArray logits = t.forward(ids, true).dup();
        Loss.ValueAndGradient loss = new NextTokenCrossEntropy().valueAndGradient(logits, targets);
        t.backward(loss.gradient());
        Map<String, Parameter> trainable = NamedParameters.trainable(t);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("width", CONFIG.width());
        params.put("heads", CONFIG.heads());
        params.put("layers", CONFIG.layers());
        if (lora != null) {
            params.put("lora", lora);
        }
        params.put("dtype", t.state().values().iterator().next().dataType() == DataType.FLOAT ? "float32" : "float64");
        Map<String, INDArray> torch = TorchOracle.run("transformer", params,
                TorchOracle.modelInputs(t, Map.of("ids", ids, "targets", targets)));
        TorchOracle.assertSameTrainable(what, torch, trainable.keySet(), "grad.");

        TorchOracle.assertClose(what + ": logits", logits, torch.get("logits"), tolerance);
        TorchOracle.assertClose(what + ": loss", Nd4j.scalar(loss.value()), torch.get("loss"), tolerance);
        // the bias of k_proj shifts all scores of a query alike, which softmax ignores: its gradient is rounding
        // noise, measured against 1e-4 of the model's largest gradient entry (1e-2 in float32, whose rounding is 1e9
        // times double's)
        double floor = (tolerance > 1e-8 ? 1e-2 : 1e-4) * TorchOracle.largestEntry(trainable.keySet().stream().map(n -> torch.get("grad." + n)).toList());
        double worst = 0;
        for (Map.Entry<String, Parameter> e : trainable.entrySet()) {
            worst = Math.max(worst, TorchOracle.assertClose(what + ": grad " + e.getKey(), e.getValue().grad(),
                    torch.get("grad." + e.getKey()), tolerance, floor));
        }
        System.out.printf("torch oracle: %s: worst gradient relative error %.2e over %d tensors%n", what, worst,
                trainable.size());
    }

    /**
     * Backward stops where nothing below trains (with LoRA on q and v, the first block's input gradients are not
     * computed); the adapters' gradients are the same bits as when the embeddings train too and the whole path runs.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"q_proj,v_proj", "layers.1.mlp.fc2", "layers.0.mlp.fc1", "o_proj"})
    void backwardStopsBelowTheLowestTrainableModuleWithTheSameGradients(String targets) {
        Map<String, INDArray> pruned = adapterGradients(targets, false);
        Map<String, INDArray> whole = adapterGradients(targets, true);
        assertThat(pruned).isNotEmpty();
        pruned.forEach((name, grad) -> {
            assertThat(grad.amaxNumber().doubleValue()).as(name).isGreaterThan(0);
            assertThat(grad).as(name).isEqualTo(whole.get(name));
        });
    }

    private static Map<String, INDArray> adapterGradients(String targets, boolean embeddingsTrain) {
        Transformer t = model(21, DataType.FLOAT);
        LoraInjector.inject(t, "default", LoraConfig.of(2, TargetModules.names(targets.split(","))), 22);
        SplittableRandom rng = new SplittableRandom(23);
        for (Parameter p : t.trainableParameters()) { // B starts at 0: random factors give A a gradient too
            p.value().assign(RandomArrays.normal(rng, 0, 0.5, DataType.FLOAT, p.value().shape()));
        }
        Map<String, INDArray> adapters = new LinkedHashMap<>();
        NamedParameters.trainable(t).forEach((name, p) -> adapters.put(name, p.grad()));
        t.savableModules().get(TransformerConfig.EMBED_TOKENS).setTrainable(embeddingsTrain);
        INDArray logits = t.forward(tokens(24, 3, CONFIG.contextLength()), true);
        t.backward(new NextTokenCrossEntropy().valueAndGradient(logits, tokens(25, 3, CONFIG.contextLength())).gradient());
        if (embeddingsTrain) {
            assertThat(t.savableModules().get(TransformerConfig.EMBED_TOKENS).trainableParameters().get(0).grad()
                    .amaxNumber().doubleValue()).isGreaterThan(0);
        }
        Map<String, INDArray> copies = new LinkedHashMap<>();
        adapters.forEach((name, grad) -> copies.put(name, grad.dup()));
        return copies;
    }

    @Test
    void laterTokensDoNotChangeEarlierOutputs() {
        Transformer t = model(9);
        INDArray x = tokens(10, 2, 6);
        INDArray before = t.forward(x, false);
        INDArray changed = x.dup();
        changed.putScalar(1, 4, (changed.getInt(1, 4) + 1) % CONFIG.vocabSize());
        INDArray after = t.forward(changed, false);
        // rows of sequence 1 are 6..11; positions 0..3 are rows 6..9
        assertThat(rows(after, 0, 10).equalsWithEps(rows(before, 0, 10), 0)).isTrue();
        assertThat(rows(after, 10, 12).sub(rows(before, 10, 12)).amaxNumber().doubleValue()).isGreaterThan(1e-6);
    }

    @Test
    void eachPositionOnlySeesItsPrefix() {
        Transformer t = model(11);
        INDArray x = tokens(12, 1, 6);
        INDArray full = t.forward(x, false);
        INDArray prefix = t.forward(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).dup(), false);
        assertThat(rows(full, 0, 3).sub(prefix).amaxNumber().doubleValue()).isLessThan(1e-12);
    }

    private static INDArray rows(INDArray a, int from, int to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    @Test
    void sameSeedSameModelAndCopiesAreIndependent() {
        Transformer a = Transformer.initialize(CONFIG, DataType.FLOAT, 2);
        Transformer b = Transformer.initialize(CONFIG, DataType.FLOAT, 2);
        assertThat(a.state()).isEqualTo(b.state());
        Transformer copy = a.copy();
        copy.state().values().forEach(v -> v.addi(1));
        assertThat(a.state()).isEqualTo(b.state());
        INDArray x = tokens(1, 2, 4);
        assertThat(copy.forward(x, false)).isNotEqualTo(a.forward(x, false));
    }

    @Test
    void freezingTheBaseLeavesOnlyAdaptersAndModulesToSave() {
        Transformer t = Transformer.initialize(CONFIG, DataType.FLOAT, 2);
        LoraInjector.inject(t, "default", new LoraConfig(4, 8, false, 0, org.loralab.lora.InitScheme.KAIMING,
                TargetModules.names("q_proj", "v_proj"), List.of("lm_head")), 1);
        long adapters = 2L * 2 * 4 * (8 + 8);
        assertThat(t.trainableParameterCount()).isEqualTo(adapters + 7 * 8 + 7);
        Map<String, INDArray> state = t.state();
        assertThat(state).containsKeys("embed_tokens.weight", "layers.1.post_attention_layernorm.bias", "norm.weight",
                "layers.0.self_attn.q_proj.weight", "lm_head.bias");
    }

    /**
     * PEFT-style modules_to_save on the transformer's embeddings and LayerNorms: exactly those train next to the
     * adapters, and a training step moves them and the adapters while every linear base weight stays bitwise as it was.
     */
    @Test
    void embeddingsAndLayerNormsCanBeSavedNextToTheAdapters() {
        Transformer t = model(4);
        assertThat(t.savableModules().keySet()).containsExactlyElementsOf(CONFIG.savableModuleNames());
        LoraInjector.inject(t, "default", new LoraConfig(2, 2, false, 0, org.loralab.lora.InitScheme.KAIMING,
                TargetModules.names("q_proj", "v_proj"), List.of("embed_tokens", "embed_positions", "*norm*")), 1);
        long adapters = 2L * 2 * 2 * (8 + 8);
        long norms = (2 * 2 + 1) * 2 * 8;
        assertThat(t.trainableParameterCount()).isEqualTo(adapters + 7 * 8 + 6 * 8 + norms);
        Map<String, INDArray> before = new LinkedHashMap<>();
        t.state().forEach((name, value) -> before.put(name, value.dup()));
        org.loralab.train.Adam adam = new org.loralab.train.Adam(org.loralab.train.AdamConfig.adam(0.01),
                t.trainableParameters());
        INDArray x = tokens(3, 2, 6);
        org.loralab.train.Trainer.step(t, new org.loralab.data.Dataset(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 5)),
                x.get(NDArrayIndex.all(), NDArrayIndex.interval(1, 6))), new NextTokenCrossEntropy(), adam, 0.01);
        t.state().forEach((name, value) -> {
            boolean saved = name.startsWith("embed_") || name.contains("layernorm") || name.startsWith("norm.");
            assertThat(value.equals(before.get(name))).as(name + (saved ? " moves" : " stays")).isEqualTo(!saved);
        });
    }

    @Test
    void rejectsSequencesLongerThanTheContextAndUnknownTokens() {
        Transformer t = Transformer.initialize(CONFIG, DataType.FLOAT, 2);
        assertThatThrownBy(() -> t.forward(Nd4j.zeros(DataType.FLOAT, 1, 7), false))
                .hasMessageContaining("length <= 6");
        assertThatThrownBy(() -> t.forward(Nd4j.valueArrayOf(new long[] {1, 3}, 7.0), false))
                .hasMessageContaining("index 7");
    }
}
