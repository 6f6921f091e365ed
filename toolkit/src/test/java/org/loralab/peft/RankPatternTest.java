package org.loralab.peft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.loralab.BadInputException;
import org.loralab.format.DType;
import org.loralab.lora.InitScheme;
import org.loralab.lora.LoraAdapter;
import org.loralab.lora.LoraConfig;
import org.loralab.lora.LoraInjector;
import org.loralab.lora.LoraLinear;
import org.loralab.lora.TargetModules;
import org.loralab.nn.Activation;
import org.loralab.nn.Mlp;
import org.loralab.nn.MlpConfig;
import org.loralab.nn.RandomArrays;
import org.loralab.testing.TorchOracle;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Per-module ranks and lora_alpha values (PEFT's rank_pattern and alpha_pattern), in training and in adapter files. */
class RankPatternTest {
    private static final MlpConfig CONFIG = new MlpConfig(16, List.of(12, 12), 8, Activation.TANH);

    /** layers.0 at rank 5 with lora_alpha 10, layers.1 at the config's rank 2 and alpha 4, head at rank 1. */
    private static Mlp adapted() {
        Mlp model = Mlp.initialize(CONFIG, DataType.DOUBLE, 1);
        LoraConfig config = new LoraConfig(2, 4, false, 0, InitScheme.KAIMING,
                TargetModules.names("layers.0", "layers.1", "head"), List.of())
                .withPatterns(Map.of("layers.0", 5, "head", 1), Map.of("layers.0", 10.0));
        LoraInjector.inject(model, "default", config, 7);
        SplittableRandom rng = new SplittableRandom(7);
        for (String m : List.of("layers.0", "layers.1", "head")) {
            LoraAdapter a = ((LoraLinear) model.module(m)).adapter("default");
            a.b().value().assign(RandomArrays.normal(rng, 0, 0.1, DataType.DOUBLE, a.b().value().shape()));
        }
        return model;
    }

    @Test
    void eachModuleTrainsAtItsOwnRankAndScaling() {
        Mlp model = adapted();
        LoraAdapter first = ((LoraLinear) model.module("layers.0")).adapter("default");
        assertThat(first.a().value().shape()).containsExactly(5, 16);
        assertThat(first.scaling()).isEqualTo(10.0 / 5);
        assertThat(((LoraLinear) model.module("layers.1")).adapter("default").scaling()).isEqualTo(4.0 / 2);
        assertThat(((LoraLinear) model.module("head")).adapter("default").b().value().shape()).containsExactly(8, 1);
        // 5 (16 + 12) + 2 (12 + 12) + 1 (12 + 8)
        assertThat(model.trainableParameterCount()).isEqualTo(5 * 28 + 2 * 24 + 20);
        assertThatThrownBy(() -> LoraInjector.inject(Mlp.initialize(CONFIG, DataType.DOUBLE, 1), "default",
                LoraConfig.of(2, TargetModules.names("layers.1")).withPatterns(Map.of("layers.0", 3), Map.of()), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names 'layers.0', which is not a target");
    }

    /**
     * Written with rank_pattern for the modules off the common rank and alpha_pattern where lora_alpha differs; read
     * back, every module's update alpha_m / r_m B A is the trained one.
     */
    @Test
    void adapterFilesCarryTheRankAndAlphaPatterns(@TempDir Path dir) throws IOException {
        Mlp model = adapted();
        PeftAdapter.of(model, "default").write(dir, DType.F64);
        JsonNode config = new ObjectMapper().readTree(dir.resolve(PeftAdapter.CONFIG_FILE).toFile());
        assertThat(config.get("r").asInt()).isEqualTo(5); // all three ranks differ: the tie goes to the largest
        assertThat(config.get("lora_alpha").asDouble()).isEqualTo(10.0);
        assertThat(config.get("rank_pattern").toString()).isEqualTo("{\"layers.1\":2,\"head\":1}");
        assertThat(config.get("alpha_pattern").toString()).isEqualTo("{\"layers.1\":4.0,\"head\":4.0}");
        PeftAdapter read = PeftAdapter.read(dir);
        for (String m : List.of("layers.0", "layers.1", "head")) {
            LoraAdapter trained = ((LoraLinear) model.module(m)).adapter("default");
            INDArray expected = trained.b().value().mmul(trained.a().value()).muli(trained.config().alpha() / trained.rank());
            PeftAdapter.Factors f = read.modules().get(m);
            INDArray got = org.loralab.linalg.MatrixBridge.toNd4j(f.b(), DataType.DOUBLE)
                    .mmul(org.loralab.linalg.MatrixBridge.toNd4j(f.a(), DataType.DOUBLE)).muli(read.scaling(m));
            assertThat(got.equalsWithEps(expected, 1e-15)).as(m).isTrue();
        }
    }

    @Test
    void patternsThatContradictTheFactorsOrAreNotNumbersAreClearErrors(@TempDir Path dir) throws IOException {
        PeftAdapter.of(adapted(), "default").write(dir, DType.F32);
        Path file = dir.resolve(PeftAdapter.CONFIG_FILE);
        ObjectMapper json = new ObjectMapper();
        String original = Files.readString(file);
        List<Map.Entry<String, String>> cases = List.of(
                Map.entry("{\"head\": 3}", "rank_pattern gives 'head' rank 3 but module 'head' has factors of rank 1"),
                Map.entry("{\"head\": 0}", "it must be a positive integer"),
                Map.entry("{\"head\": 1.5}", "it must be a positive integer"),
                Map.entry("{\"(head\": 1}", "is not a valid pattern"),
                Map.entry("[1]", "rank_pattern must be an object"));
        for (Map.Entry<String, String> c : cases) {
            ObjectNode config = (ObjectNode) json.readTree(original);
            config.set("rank_pattern", json.readTree(c.getKey()));
            Files.writeString(file, config.toString());
            assertThatThrownBy(() -> PeftAdapter.read(dir)).as(c.getKey()).isInstanceOf(BadInputException.class)
                    .hasMessageContaining(c.getValue());
        }
    }

    /**
     * Which module a pattern key names, against Python's re with the rule PEFT documents for rank_pattern and
     * alpha_pattern: {@code re.match(rf"(.*\.)?({key})$", name)}, the first matching key winning.
     */
    @Test
    void patternKeysNameModulesAsPeftMatchesThem() throws Exception {
        List<String> keys = List.of("q_proj", "layers.0.mlp.fc1", "layers\\.1\\..*", "fc");
        List<String> modules = List.of("layers.0.attn.q_proj", "layers.0.attn.xq_proj", "model.layers.0.mlp.fc1",
                "layers.1.attn.v_proj", "layers.2.mlp.fc", "layers.2.mlp.fc2", "q_proj");
        List<String> ours = new ArrayList<>();
        for (String m : modules) {
            ours.add(PeftAdapter.patternKey(new java.util.LinkedHashSet<>(keys), m).orElse("-"));
        }
        String script = "import json, re, sys\n"
                + "keys, modules = json.loads(sys.argv[1])\n"
                + "print(json.dumps([next((k for k in keys if re.match(rf'(.*\\.)?({k})$', m)), '-') for m in modules]))\n";
        org.loralab.io.Processes.Result r = org.loralab.io.Processes.run(List.of(TorchOracle.requirePython(), "-c", script,
                new ObjectMapper().writeValueAsString(List.of(keys, modules))), java.time.Duration.ofSeconds(60));
        assertThat(r.ok()).as(r.err()).isTrue();
        String out = r.out().strip();
        assertThat(ours).isEqualTo(List.of(new ObjectMapper().readValue(out, String[].class)));
        assertThat(ours).containsExactly("q_proj", "-", "layers.0.mlp.fc1", "layers\\.1\\..*", "fc", "-", "q_proj");
    }
}
